package io.gatehouse.core.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Traefik v2's matchers ({@code ruleSyntax: v2}): several values per matcher (any may match),
 * gorilla/mux templates in Path, PathPrefix and HostRegexp, name/value pairs in Headers,
 * HeadersRegexp and Query.
 */
final class V2Matchers {

    static final MatcherCatalog CATALOG = catalog();

    private V2Matchers() {
    }

    private static MatcherCatalog catalog() {
        Map<String, MatcherCatalog.Builder> m = new LinkedHashMap<>();
        m.put("Host", V2Matchers::host);
        m.put("HostHeader", V2Matchers::host);
        m.put("HostRegexp", V2Matchers::hostRegexp);
        m.put("ClientIP", call -> any(MatcherValues.clientIp(call, 0)));
        m.put("Path", call -> paths(call, false));
        m.put("PathPrefix", call -> paths(call, true));
        m.put("Method", call -> {
            List<Rule> methods = new ArrayList<>();
            for (int i = 0; i < call.count(); i++) {
                methods.add(new MethodRule(call.value(i).toUpperCase(Locale.ROOT)));
            }
            return any(anyOf(methods));
        });
        m.put("Headers", call -> {
            requirePairs(call);
            List<Rule> all = new ArrayList<>();
            for (int i = 0; i < call.count(); i += 2) {
                all.add(new HeaderRule(call.value(i), call.value(i + 1)));
            }
            return any(allOf(all));
        });
        m.put("HeadersRegexp", call -> {
            requirePairs(call);
            List<Rule> all = new ArrayList<>();
            for (int i = 0; i < call.count(); i += 2) {
                all.add(new HeaderRegexpRule(call.value(i), CompiledRegex.compile(call, i + 1, call.value(i + 1))));
            }
            return any(allOf(all));
        });
        m.put("Query", V2Matchers::query);
        return new MatcherCatalog("v2", m, Set.of("Header", "HeaderRegexp", "PathRegexp", "QueryRegexp"));
    }

    private static RuleNode host(MatcherCall call) throws RuleSyntaxException {
        List<Rule> hosts = new ArrayList<>();
        Set<String> exact = new LinkedHashSet<>();
        for (int i = 0; i < call.count(); i++) {
            String host = MatcherValues.host(call, i);
            hosts.add(new HostRule(host));
            exact.add(host);
        }
        return new RuleNode(anyOf(hosts), HostScope.of(exact, Set.of()));
    }

    private static RuleNode hostRegexp(MatcherCall call) throws RuleSyntaxException {
        List<Rule> hosts = new ArrayList<>();
        for (int i = 0; i < call.count(); i++) {
            MatcherValues.requireAscii(call, i);
            hosts.add(new HostRegexpRule(template(call, i, MuxTemplate.Part.HOST, false)));
        }
        return any(anyOf(hosts));
    }

    private static RuleNode paths(MatcherCall call, boolean prefix) throws RuleSyntaxException {
        List<Rule> paths = new ArrayList<>();
        for (int i = 0; i < call.count(); i++) {
            String path = MatcherValues.path(call, i);
            if (MuxTemplate.hasVariables(path)) {
                paths.add(new PathRegexpRule(template(call, i, MuxTemplate.Part.PATH, prefix)));
            } else {
                paths.add(prefix ? new PathPrefixRule(path) : new PathRule(path));
            }
        }
        return any(anyOf(paths));
    }

    /**
     * {@code Query(`k=v`, `k2=v2`, ...)}: every argument is split at its first '=', the pieces
     * form key/value pairs (as gorilla/mux's Queries), all pairs must match. An empty value
     * matches any value; the value may be a template.
     */
    private static RuleNode query(MatcherCall call) throws RuleSyntaxException {
        List<String> pieces = new ArrayList<>();
        List<Integer> argOfPiece = new ArrayList<>();
        for (int i = 0; i < call.count(); i++) {
            String arg = call.value(i);
            int eq = arg.indexOf('=');
            if (eq < 0) {
                pieces.add(arg);
                argOfPiece.add(i);
            } else {
                pieces.add(arg.substring(0, eq));
                pieces.add(arg.substring(eq + 1));
                argOfPiece.add(i);
                argOfPiece.add(i);
            }
        }
        if (pieces.size() % 2 != 0) {
            throw call.badArgument(argOfPiece.get(pieces.size() - 1),
                    "v2 Query needs key=value pairs, got an odd number of keys and values",
                    "usage: Query(`key=value`, ...); an empty value (`key=`) matches any value");
        }
        List<Rule> all = new ArrayList<>();
        for (int p = 0; p < pieces.size(); p += 2) {
            String key = pieces.get(p);
            String value = pieces.get(p + 1);
            int arg = argOfPiece.get(p);
            if (MuxTemplate.hasVariables(key)) {
                throw call.badArgument(arg, "placeholders are not supported in query keys "
                        + RuleSyntaxException.describe(key), "use a literal key: Query(`key={name:pattern}`)");
            }
            String regex;
            try {
                regex = "^" + MuxTemplate.toRegex(value, MuxTemplate.Part.QUERY)
                        + (value.isEmpty() ? MuxTemplate.Part.QUERY.defaultPattern : "") + "$";
            } catch (IllegalArgumentException e) {
                throw badTemplate(call, arg, e);
            }
            all.add(new QueryFirstValueRule(key, CompiledRegex.compile(call, arg, regex)));
        }
        return any(allOf(all));
    }

    private static CompiledRegex template(MatcherCall call, int index, MuxTemplate.Part part, boolean prefix)
            throws RuleSyntaxException {
        String regex;
        try {
            regex = "^" + MuxTemplate.toRegex(call.value(index), part) + (prefix ? "" : "$");
        } catch (IllegalArgumentException e) {
            throw badTemplate(call, index, e);
        }
        return CompiledRegex.compile(call, index, regex);
    }

    private static RuleSyntaxException badTemplate(MatcherCall call, int index, IllegalArgumentException e) {
        return call.badArgument(index, "invalid template " + RuleSyntaxException.describe(call.value(index))
                + " for " + call.name() + ": " + e.getMessage(), "expected e.g. `/users/{id:[0-9]+}`");
    }

    private static void requirePairs(MatcherCall call) throws RuleSyntaxException {
        if (call.count() % 2 != 0) {
            throw new RuleSyntaxException("matcher '" + call.name() + "' takes name/value pairs, got "
                    + call.count() + " arguments", call.nameToken().position(), call.nameToken().text(),
                    call.usage());
        }
    }

    private static Rule anyOf(List<Rule> rules) {
        return rules.size() == 1 ? rules.get(0) : new OrRule(rules);
    }

    private static Rule allOf(List<Rule> rules) {
        return rules.size() == 1 ? rules.get(0) : new AndRule(rules);
    }

    private static RuleNode any(Rule rule) {
        return new RuleNode(rule, HostScope.ANY);
    }
}
