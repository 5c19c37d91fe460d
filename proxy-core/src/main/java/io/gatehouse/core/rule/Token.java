package io.gatehouse.core.rule;

/**
 * One lexical token of a rule.
 *
 * @param kind     what the token is
 * @param text     the token as written (for a string: with its quotes)
 * @param value    the decoded value of a string, the text otherwise
 * @param position 0-based offset of the token's first character
 */
record Token(Kind kind, String text, String value, int position) {

    enum Kind {
        IDENTIFIER, STRING, LEFT_PAREN, RIGHT_PAREN, COMMA, AND, OR, NOT, END
    }

    static Token end(int position) {
        return new Token(Kind.END, "", "", position);
    }
}
