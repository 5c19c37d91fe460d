package io.gatehouse.core.rule;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * An RE2 regular expression (re2j, the same syntax and linear-time guarantee as Go's regexp),
 * compiled once. {@link #find} is Go's {@code MatchString}: unanchored, so anchor with ^ and $
 * in the rule when a whole match is wanted. Each thread reuses its own re2j Matcher.
 */
final class CompiledRegex {

    private final Pattern pattern;
    private final ThreadLocal<Matcher> matchers;

    private CompiledRegex(Pattern pattern) {
        this.pattern = pattern;
        this.matchers = ThreadLocal.withInitial(() -> pattern.matcher(""));
    }

    /**
     * @throws PatternSyntaxException when RE2 rejects the expression (backreferences, lookaround, ...)
     *                                or it is too large to compile quickly (see {@link RegexSize})
     */
    static CompiledRegex compile(String regex) {
        return new CompiledRegex(Pattern.compile(checkSize(regex)));
    }

    /** Refuses, before compiling, an expression whose counted repetitions expand past {@link RegexSize#MAX}. */
    static String checkSize(String regex) {
        if (RegexSize.estimate(regex) > RegexSize.MAX) {
            throw new PatternSyntaxException("expression too large: its repetitions expand to more than "
                    + RegexSize.MAX + " instructions", regex);
        }
        return regex;
    }

    /** Compiles an argument of a matcher, or fails naming the matcher, the expression and RE2's reason. */
    static CompiledRegex compile(MatcherCall call, int argIndex, String regex) throws RuleSyntaxException {
        try {
            return compile(regex);
        } catch (PatternSyntaxException e) {
            throw call.badArgument(argIndex, "invalid regular expression " + RuleSyntaxException.describe(regex)
                    + " for " + call.name(), e.getMessage() + " (RE2 syntax: no backreferences or lookaround)");
        }
    }

    boolean find(String input) {
        Matcher matcher = matchers.get();
        matcher.reset(input);
        return matcher.find();
    }

    String expression() {
        return pattern.pattern();
    }
}
