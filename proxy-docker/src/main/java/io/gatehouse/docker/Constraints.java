package io.gatehouse.docker;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Map;

/**
 * Traefik's {@code constraints} expression over container labels: {@code Label(`key`, `value`)},
 * {@code LabelRegex(`key`, `regex`)}, {@code !}, {@code &&}, {@code ||} and parentheses; {@code &&}
 * binds tighter than {@code ||}. An empty expression matches every container. LabelRegex is Go RE2 and,
 * as in Traefik, matches anywhere in the value unless anchored. Immutable and thread-safe.
 */
public final class Constraints {

    private interface Node {
        boolean test(Map<String, String> labels);
    }

    public static final Constraints NONE = new Constraints("", labels -> true);

    private final String source;
    private final Node root;

    private Constraints(String source, Node root) {
        this.source = source;
        this.root = root;
    }

    public static Constraints parse(String expression) throws InvalidConstraintException {
        if (expression == null || expression.isBlank()) {
            return NONE;
        }
        Parser p = new Parser(expression);
        Node node = p.or(0);
        p.skipSpace();
        if (p.pos < expression.length()) {
            throw p.error("unexpected '" + expression.substring(p.pos) + "'");
        }
        return new Constraints(expression, node);
    }

    public boolean matches(Map<String, String> labels) {
        return root.test(labels);
    }

    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }

    /** A constraint expression that cannot be parsed; the message says what and where. */
    public static final class InvalidConstraintException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidConstraintException(String message) {
            super(message);
        }
    }

    private static final class Parser {
        private static final int MAX_DEPTH = 100;
        private final String s;
        int pos;

        Parser(String s) {
            this.s = s;
        }

        Node or(int depth) throws InvalidConstraintException {
            Node left = and(depth);
            while (consume("||")) {
                Node l = left;
                Node r = and(depth);
                left = labels -> l.test(labels) || r.test(labels);
            }
            return left;
        }

        Node and(int depth) throws InvalidConstraintException {
            Node left = unary(depth);
            while (consume("&&")) {
                Node l = left;
                Node r = unary(depth);
                left = labels -> l.test(labels) && r.test(labels);
            }
            return left;
        }

        Node unary(int depth) throws InvalidConstraintException {
            if (depth > MAX_DEPTH) {
                throw error("expression nested deeper than " + MAX_DEPTH);
            }
            skipSpace();
            if (consume("!")) {
                Node inner = unary(depth + 1);
                return labels -> !inner.test(labels);
            }
            if (consume("(")) {
                Node inner = or(depth + 1);
                if (!consume(")")) {
                    throw error("missing ')'");
                }
                return inner;
            }
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.isEmpty()) {
                throw error(pos >= s.length() ? "expression ends early; expected Label(...), LabelRegex(...), '!' or '('"
                        : "unexpected '" + s.charAt(pos) + "'; expected Label(...), LabelRegex(...), '!' or '('");
            }
            if (!name.equals("Label") && !name.equals("LabelRegex")) {
                pos = start;
                throw error("unknown matcher '" + name + "' (expected Label or LabelRegex)");
            }
            if (!consume("(")) {
                throw error("expected '(' after " + name);
            }
            String key = string();
            if (!consume(",")) {
                throw error(name + " takes two arguments: the label and the " + (name.equals("Label") ? "value" : "regex"));
            }
            String value = string();
            if (!consume(")")) {
                throw error("expected ')' to close " + name);
            }
            if (name.equals("Label")) {
                return labels -> value.equals(labels.getOrDefault(key, "")); // Go: a missing label is ""
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw error("invalid regex '" + value + "': " + e.getMessage());
            }
            // Go's regexp.MatchString: a missing label is the empty string.
            return labels -> pattern.matcher(labels.getOrDefault(key, "")).find();
        }

        String string() throws InvalidConstraintException {
            skipSpace();
            if (pos >= s.length() || (s.charAt(pos) != '`' && s.charAt(pos) != '"')) {
                throw error("expected a string in backticks or double quotes");
            }
            char quote = s.charAt(pos);
            int end = s.indexOf(quote, pos + 1);
            if (end < 0) {
                throw error("unterminated string");
            }
            String value = s.substring(pos + 1, end);
            pos = end + 1;
            return value;
        }

        boolean consume(String token) {
            skipSpace();
            if (s.startsWith(token, pos)) {
                pos += token.length();
                return true;
            }
            return false;
        }

        void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        InvalidConstraintException error(String message) {
            return new InvalidConstraintException("constraints: " + message + " at position " + (pos + 1) + " in '" + s + "'");
        }
    }
}
