package io.gatehouse.core.rule;

import java.util.List;

/**
 * A matcher as written in a rule: its canonical name, the token of its name and its arguments.
 * Builders use it to check arguments and to report errors at the right position.
 */
record MatcherCall(String name, Token nameToken, List<Token> args) {

    int count() {
        return args.size();
    }

    String value(int index) {
        return args.get(index).value();
    }

    /** Fails unless the matcher got one of the allowed numbers of arguments. */
    void requireCount(int... allowed) throws RuleSyntaxException {
        for (int n : allowed) {
            if (args.size() == n) {
                return;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < allowed.length; i++) {
            if (i > 0) {
                expected.append(i == allowed.length - 1 ? " or " : ", ");
            }
            expected.append(allowed[i]);
        }
        boolean one = allowed.length == 1 && allowed[0] == 1;
        throw new RuleSyntaxException("matcher '" + name + "' takes " + expected
                + (one ? " argument" : " arguments") + ", got " + args.size(),
                nameToken.position(), nameToken.text(), usage());
    }

    /** An error about one argument, reported at that argument's position. */
    RuleSyntaxException badArgument(int index, String problem, String hint) {
        Token arg = args.get(index);
        return new RuleSyntaxException(problem, arg.position(), arg.text(), hint);
    }

    String usage() {
        return switch (name) {
            case "Header" -> "usage: Header(`name`, `value`)";
            case "HeaderRegexp" -> "usage: HeaderRegexp(`name`, `regexp`)";
            case "Query" -> "usage: Query(`key`) or Query(`key`, `value`)";
            case "QueryRegexp" -> "usage: QueryRegexp(`key`) or QueryRegexp(`key`, `regexp`)";
            case "Headers" -> "usage: Headers(`name`, `value`, ...)";
            case "HeadersRegexp" -> "usage: HeadersRegexp(`name`, `regexp`, ...)";
            default -> "usage: " + name + "(`value`)";
        };
    }
}
