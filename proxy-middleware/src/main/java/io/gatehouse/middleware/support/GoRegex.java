package io.gatehouse.middleware.support;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Go regular expression (RE2 via re2j) with Go's {@code ReplaceAllString} semantics, so that a
 * Traefik replacement such as {@code https://${1}/x} or {@code /$name} expands exactly as in Traefik:
 * {@code $name} takes the longest run of letters, digits and {@code _}; {@code ${name}} is braced;
 * {@code $$} is a dollar; an unknown group is empty; empty matches right after a match are skipped.
 * The replacement is parsed once; each thread reuses its own matcher.
 */
public final class GoRegex {

    private final Pattern pattern;
    private final ThreadLocal<Matcher> matchers;

    private GoRegex(Pattern pattern) {
        this.pattern = pattern;
        this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    /**
     * Compiles {@code regex}, or throws an {@link IllegalArgumentException} naming {@code option}, the
     * expression and RE2's reason.
     */
    public static GoRegex compile(String option, String regex) {
        if (regex == null || regex.isEmpty()) {
            throw new IllegalArgumentException(option + ": a regular expression is required");
        }
        try {
            return new GoRegex(Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(option + ": invalid regular expression '" + regex + "': "
                    + e.getDescription() + " (RE2 syntax, as Go: no backreferences or lookaround)");
        }
    }

    public String expression() {
        return pattern.pattern();
    }

    /** Go's {@code MatchString}: unanchored. */
    public boolean find(String input) {
        Matcher m = matchers.get();
        m.reset(input);
        return m.find();
    }

    /** Go's {@code FindString} start: the leftmost match's text, or null. */
    public String leftmostMatch(String input) {
        Matcher m = matchers.get();
        m.reset(input);
        return m.find() ? m.group() : null;
    }

    /** Parses a Go replacement template for this expression once. */
    public Replacement replacement(String template) {
        return Replacement.parse(template, pattern.groupCount(), namedGroups());
    }

    private Map<String, Integer> namedGroups() {
        return pattern.namedGroups();
    }

    /** Go's {@code ReplaceAllString(input, template)}. */
    public String replaceAll(String input, Replacement replacement) {
        Matcher m = matchers.get();
        m.reset(input);
        StringBuilder out = null;
        int lastMatchEnd = 0;
        int searchPos = 0;
        int end = input.length();
        while (searchPos <= end && m.find(searchPos)) {
            int start = m.start();
            int stop = m.end();
            if (out == null) {
                out = new StringBuilder(input.length() + 16);
            }
            out.append(input, lastMatchEnd, start);
            // No replacement for an empty match right after another match (Go's rule).
            if (stop > lastMatchEnd || start == 0) {
                replacement.appendTo(out, m);
            }
            lastMatchEnd = stop;
            int width = searchPos < end ? Character.charCount(input.codePointAt(searchPos)) : 1;
            if (searchPos + width > stop) {
                searchPos += width;
            } else if (searchPos + 1 > stop) {
                searchPos++;
            } else {
                searchPos = stop;
            }
        }
        if (out == null) {
            return input;
        }
        out.append(input, lastMatchEnd, end);
        return out.toString();
    }

    /** A parsed replacement: literal text and group references. */
    public static final class Replacement {

        private final String[] literals;
        private final int[] groups;

        private Replacement(String[] literals, int[] groups) {
            this.literals = literals;
            this.groups = groups;
        }

        static Replacement parse(String template, int groupCount, Map<String, Integer> named) {
            List<String> literals = new ArrayList<>();
            List<Integer> groups = new ArrayList<>();
            StringBuilder literal = new StringBuilder();
            int i = 0;
            while (i < template.length()) {
                char c = template.charAt(i);
                if (c != '$') {
                    literal.append(c);
                    i++;
                    continue;
                }
                i++;
                if (i < template.length() && template.charAt(i) == '$') {
                    literal.append('$');
                    i++;
                    continue;
                }
                int nameStart = i;
                boolean brace = i < template.length() && template.charAt(i) == '{';
                if (brace) {
                    nameStart++;
                }
                int nameEnd = nameStart;
                while (nameEnd < template.length() && isNameChar(template.codePointAt(nameEnd))) {
                    nameEnd += Character.charCount(template.codePointAt(nameEnd));
                }
                boolean ok = nameEnd > nameStart && (!brace || nameEnd < template.length() && template.charAt(nameEnd) == '}');
                if (!ok) {
                    literal.append('$'); // malformed: the dollar is literal text, as in Go
                    continue;
                }
                String name = template.substring(nameStart, nameEnd);
                i = brace ? nameEnd + 1 : nameEnd;
                literals.add(literal.toString());
                literal.setLength(0);
                groups.add(groupIndex(name, groupCount, named));
            }
            literals.add(literal.toString());
            int[] g = new int[groups.size()];
            for (int k = 0; k < g.length; k++) {
                g[k] = groups.get(k);
            }
            return new Replacement(literals.toArray(new String[0]), g);
        }

        private static boolean isNameChar(int cp) {
            return Character.isLetter(cp) || Character.isDigit(cp) || cp == '_';
        }

        /** The group's index, or -1 when the expression has no such group (it expands to nothing). */
        private static int groupIndex(String name, int groupCount, Map<String, Integer> named) {
            boolean digits = name.chars().allMatch(ch -> ch >= '0' && ch <= '9');
            if (digits) {
                if (name.length() > 1 && name.charAt(0) == '0' || name.length() > 8) {
                    return lookup(name, named); // Go: leading zeros / huge numbers are names
                }
                int number = Integer.parseInt(name);
                return number <= groupCount ? number : -1;
            }
            return lookup(name, named);
        }

        private static int lookup(String name, Map<String, Integer> named) {
            Integer index = named.get(name);
            return index == null ? -1 : index;
        }

        void appendTo(StringBuilder out, Matcher m) {
            out.append(literals[0]);
            for (int k = 0; k < groups.length; k++) {
                int group = groups[k];
                if (group >= 0) {
                    String text = m.group(group);
                    if (text != null) {
                        out.append(text);
                    }
                }
                out.append(literals[k + 1]);
            }
        }
    }
}
