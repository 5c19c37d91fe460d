package io.gatehouse.core.rule;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Converts a v2 (gorilla/mux) template such as {@code /users/{id:[0-9]+}} or
 * {@code {sub:[a-z]+}.example.com} into an RE2 expression: literal text is quoted, {@code {name}}
 * becomes the default pattern of the part, {@code {name:re}} becomes {@code (?:re)}. Braces may nest
 * inside a pattern ({@code {id:[0-9]{3}}}).
 */
final class MuxTemplate {

    /** Which part of the request a template matches; decides the pattern of a bare {@code {name}}. */
    enum Part {
        HOST("[^.]+"), PATH("[^/]+"), QUERY("[^?&]*");

        final String defaultPattern;

        Part(String defaultPattern) {
            this.defaultPattern = defaultPattern;
        }
    }

    private MuxTemplate() {
    }

    static boolean hasVariables(String template) {
        return template.indexOf('{') >= 0 || template.indexOf('}') >= 0;
    }

    /**
     * The unanchored expression for a template; callers add {@code ^} and {@code $}.
     *
     * @throws IllegalArgumentException with the reason: unbalanced braces, empty name or pattern,
     *                                  or a pattern RE2 rejects
     */
    static String toRegex(String template, Part part) {
        StringBuilder regex = new StringBuilder();
        int level = 0;
        int open = -1;
        int literalStart = 0;
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{') {
                if (level++ == 0) {
                    open = i;
                }
            } else if (c == '}') {
                if (--level < 0) {
                    throw new IllegalArgumentException("unbalanced braces");
                }
                if (level == 0) {
                    regex.append(quote(template.substring(literalStart, open)));
                    regex.append(variable(template.substring(open + 1, i), part));
                    literalStart = i + 1;
                }
            }
        }
        if (level != 0) {
            throw new IllegalArgumentException("unbalanced braces");
        }
        regex.append(quote(template.substring(literalStart)));
        return regex.toString();
    }

    private static String variable(String body, Part part) {
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        String pattern = colon < 0 ? part.defaultPattern : body.substring(colon + 1);
        if (name.isEmpty() || pattern.isEmpty()) {
            throw new IllegalArgumentException("missing name or pattern in {" + body + "}");
        }
        try {
            Pattern.compile(CompiledRegex.checkSize("^" + pattern + "$"));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid pattern in {" + body + "}: " + e.getMessage());
        }
        return "(?:" + pattern + ")";
    }

    private static String quote(String literal) {
        return literal.isEmpty() ? "" : Pattern.quote(literal);
    }
}
