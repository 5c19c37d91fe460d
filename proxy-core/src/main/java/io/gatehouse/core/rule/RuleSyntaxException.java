package io.gatehouse.core.rule;

/**
 * A rule that cannot be parsed. The message says what is wrong, where (0-based offset into the
 * rule text) and which token, e.g. {@code unknown matcher 'Hots' at position 0; known matchers: ...}.
 */
public final class RuleSyntaxException extends Exception {

    private static final int MAX_TOKEN_IN_MESSAGE = 64;

    private final int position;
    private final String token;

    /**
     * @param problem  what is wrong, naming the token when there is one
     * @param position 0-based offset of the problem in the rule text
     * @param token    the offending token, "" at the end of the input
     * @param hint     what was expected or known instead; may be null
     */
    public RuleSyntaxException(String problem, int position, String token, String hint) {
        super(problem + " at position " + position + (hint == null ? "" : "; " + hint));
        this.position = position;
        this.token = token == null ? "" : token;
    }

    /** 0-based offset into the rule text where the problem is. */
    public int position() {
        return position;
    }

    /** The offending token; "" at the end of the input. */
    public String token() {
        return token;
    }

    /** A token as it appears in messages: quoted, shortened when huge, "end of input" when empty. */
    static String describe(String token) {
        if (token == null || token.isEmpty()) {
            return "end of input";
        }
        String shown = token.length() > MAX_TOKEN_IN_MESSAGE
                ? token.substring(0, MAX_TOKEN_IN_MESSAGE) + "..."
                : token;
        return "'" + shown + "'";
    }
}
