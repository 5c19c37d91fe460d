package io.gatehouse.core.rule;

import io.gatehouse.core.rule.Token.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a rule into tokens. Values are Go string literals, as in Traefik: backtick raw strings
 * (no escapes, carriage returns dropped) or double-quoted strings with Go's escapes.
 */
final class RuleLexer {

    private final String rule;
    private int pos;

    private RuleLexer(String rule) {
        this.rule = rule;
    }

    static RuleLexer of(String rule) {
        return new RuleLexer(rule);
    }

    /** The next token; END (repeatedly) once the input is used up. Made on demand, so errors come in order. */
    Token next() throws RuleSyntaxException {
        skipWhitespace();
        if (pos >= rule.length()) {
            return Token.end(rule.length());
        }
        return token();
    }

    private void skipWhitespace() {
        while (pos < rule.length()) {
            char c = rule.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private Token token() throws RuleSyntaxException {
        int start = pos;
        char c = rule.charAt(pos);
        switch (c) {
            case '(':
                pos++;
                return new Token(Kind.LEFT_PAREN, "(", "(", start);
            case ')':
                pos++;
                return new Token(Kind.RIGHT_PAREN, ")", ")", start);
            case ',':
                pos++;
                return new Token(Kind.COMMA, ",", ",", start);
            case '!':
                pos++;
                return new Token(Kind.NOT, "!", "!", start);
            case '&':
                return doubled('&', Kind.AND, start);
            case '|':
                return doubled('|', Kind.OR, start);
            case '`':
                return rawString(start);
            case '"':
                return quotedString(start);
            case '\'':
                throw new RuleSyntaxException("unexpected single quote", start, "'",
                        "values are quoted with backticks (`value`) or double quotes (\"value\")");
            default:
                if (isIdentifierStart(c)) {
                    return identifier(start);
                }
                String token = rule.substring(start, start + Character.charCount(rule.codePointAt(start)));
                String hint = Character.isDigit(c)
                        ? "values are quoted with backticks (`value`) or double quotes (\"value\")"
                        : "expected a matcher name, a quoted value, '(', ')', ',', '!', '&&' or '||'";
                throw new RuleSyntaxException("unexpected character " + RuleSyntaxException.describe(token),
                        start, token, hint);
        }
    }

    private Token doubled(char c, Kind kind, int start) throws RuleSyntaxException {
        if (pos + 1 < rule.length() && rule.charAt(pos + 1) == c) {
            pos += 2;
            String text = "" + c + c;
            return new Token(kind, text, text, start);
        }
        throw new RuleSyntaxException("unexpected character '" + c + "'", start, String.valueOf(c),
                "did you mean '" + c + c + "'?");
    }

    private static boolean isIdentifierStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private Token identifier(int start) {
        while (pos < rule.length()) {
            char c = rule.charAt(pos);
            if (c != '_' && !Character.isLetterOrDigit(c)) {
                break;
            }
            pos++;
        }
        String text = rule.substring(start, pos);
        return new Token(Kind.IDENTIFIER, text, text, start);
    }

    private Token rawString(int start) throws RuleSyntaxException {
        int close = rule.indexOf('`', start + 1);
        if (close < 0) {
            throw unterminated(start, "`");
        }
        pos = close + 1;
        String raw = rule.substring(start + 1, close);
        // Go drops carriage returns from raw string literals.
        String value = raw.indexOf('\r') >= 0 ? raw.replace("\r", "") : raw;
        return new Token(Kind.STRING, rule.substring(start, pos), value, start);
    }

    private RuleSyntaxException unterminated(int start, String quote) {
        String token = rule.substring(start);
        return new RuleSyntaxException("unterminated value " + RuleSyntaxException.describe(token),
                start, token, "close it with " + quote);
    }

    private Token quotedString(int start) throws RuleSyntaxException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder plain = new StringBuilder();
        pos = start + 1;
        while (true) {
            if (pos >= rule.length()) {
                throw unterminated(start, "\"");
            }
            char c = rule.charAt(pos);
            if (c == '"') {
                pos++;
                flush(plain, bytes);
                String value = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
                return new Token(Kind.STRING, rule.substring(start, pos), value, start);
            }
            if (c == '\n') {
                throw new RuleSyntaxException("line break inside a double-quoted value", pos, "\\n",
                        "use \\n, or a backtick value");
            }
            if (c == '\\') {
                flush(plain, bytes);
                escape(bytes, start);
            } else {
                plain.append(c);
                pos++;
            }
        }
    }

    private static void flush(StringBuilder plain, ByteArrayOutputStream bytes) {
        if (plain.length() > 0) {
            bytes.writeBytes(plain.toString().getBytes(StandardCharsets.UTF_8));
            plain.setLength(0);
        }
    }

    /** Go's escapes in interpreted string literals; octal and \x give bytes, \\u and \\U code points. */
    private void escape(ByteArrayOutputStream bytes, int stringStart) throws RuleSyntaxException {
        int start = pos;
        if (pos + 1 >= rule.length()) {
            throw unterminated(stringStart, "\"");
        }
        char e = rule.charAt(pos + 1);
        pos += 2;
        switch (e) {
            case 'a' -> bytes.write(7);
            case 'b' -> bytes.write(8);
            case 'f' -> bytes.write(12);
            case 'n' -> bytes.write('\n');
            case 'r' -> bytes.write('\r');
            case 't' -> bytes.write('\t');
            case 'v' -> bytes.write(11);
            case '\\' -> bytes.write('\\');
            case '"' -> bytes.write('"');
            case 'x' -> bytes.write(digits(start, 2, 16));
            case 'u' -> codePoint(bytes, start, digits(start, 4, 16));
            case 'U' -> codePoint(bytes, start, digits(start, 8, 16));
            default -> {
                if (e >= '0' && e <= '7') {
                    pos--;
                    int value = digits(start, 3, 8);
                    if (value > 255) {
                        throw badEscape(start, "octal escape above \\377");
                    }
                    bytes.write(value);
                } else {
                    throw badEscape(start, "unknown escape");
                }
            }
        }
    }

    private int digits(int escapeStart, int count, int radix) throws RuleSyntaxException {
        if (pos + count > rule.length()) {
            pos = rule.length();
            throw badEscape(escapeStart, "escape needs " + count + " digits");
        }
        int value = 0;
        for (int i = 0; i < count; i++) {
            int digit = Ascii.hexValue(rule.charAt(pos + i));
            if (digit >= radix) {
                digit = -1;
            }
            if (digit < 0) {
                pos += count;
                throw badEscape(escapeStart, "escape needs " + count + " base-" + radix + " digits");
            }
            value = value * radix + digit;
        }
        pos += count;
        return value;
    }

    private void codePoint(ByteArrayOutputStream bytes, int escapeStart, int cp) throws RuleSyntaxException {
        if (cp < 0 || cp > Character.MAX_CODE_POINT || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw badEscape(escapeStart, "escape is not a valid Unicode code point");
        }
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
    }

    private RuleSyntaxException badEscape(int start, String problem) {
        String token = rule.substring(start, Math.min(rule.length(), Math.max(pos, start + 2)));
        return new RuleSyntaxException("invalid escape " + RuleSyntaxException.describe(token) + " (" + problem + ")",
                start, token, "allowed in double quotes: \\a \\b \\f \\n \\r \\t \\v \\\\ \\\" \\NNN \\xHH \\uHHHH "
                        + "\\UHHHHHHHH; or use a backtick value");
    }
}
