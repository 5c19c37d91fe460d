package io.gatehouse.core.rule;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Traefik v3's matchers: one value each, except Header/HeaderRegexp (two) and Query/QueryRegexp (one or two). */
final class V3Matchers {

    static final MatcherCatalog CATALOG = catalog();

    private V3Matchers() {
    }

    private static MatcherCatalog catalog() {
        Map<String, MatcherCatalog.Builder> m = new LinkedHashMap<>();
        m.put("ClientIP", call -> {
            call.requireCount(1);
            return any(MatcherValues.clientIp(call, 0));
        });
        m.put("Method", call -> {
            call.requireCount(1);
            return any(new MethodRule(call.value(0).toUpperCase(Locale.ROOT)));
        });
        m.put("Host", V3Matchers::host);
        m.put("HostRegexp", call -> {
            call.requireCount(1);
            MatcherValues.requireAscii(call, 0);
            return any(new HostRegexpRule(CompiledRegex.compile(call, 0, call.value(0))));
        });
        m.put("Path", call -> {
            call.requireCount(1);
            return any(new PathRule(MatcherValues.path(call, 0)));
        });
        m.put("PathPrefix", call -> {
            call.requireCount(1);
            return any(new PathPrefixRule(MatcherValues.path(call, 0)));
        });
        m.put("PathRegexp", call -> {
            call.requireCount(1);
            return any(new PathRegexpRule(CompiledRegex.compile(call, 0, call.value(0))));
        });
        m.put("Header", call -> {
            call.requireCount(2);
            return any(new HeaderRule(call.value(0), call.value(1)));
        });
        m.put("HeaderRegexp", call -> {
            call.requireCount(2);
            return any(new HeaderRegexpRule(call.value(0), CompiledRegex.compile(call, 1, call.value(1))));
        });
        m.put("Query", call -> {
            call.requireCount(1, 2);
            return any(new QueryRule(call.value(0), call.count() == 2 ? call.value(1) : ""));
        });
        m.put("QueryRegexp", call -> {
            call.requireCount(1, 2);
            if (call.count() == 1) {
                return any(new QueryRule(call.value(0), ""));
            }
            return any(new QueryRegexpRule(call.value(0), CompiledRegex.compile(call, 1, call.value(1))));
        });
        return new MatcherCatalog("v3", m, Set.of("HostHeader", "Headers", "HeadersRegexp"));
    }

    /**
     * {@code Host(`example.com`)}, {@code Host(`*.example.com`)} (one extra label) or
     * {@code Host(`*`)} (every host). Any other use of {@code *} is refused.
     */
    private static RuleNode host(MatcherCall call) throws RuleSyntaxException {
        call.requireCount(1);
        String host = MatcherValues.host(call, 0);
        if (host.equals("*")) {
            return any(MatchAllRule.INSTANCE);
        }
        if (host.startsWith("*.") && host.indexOf('*', 1) < 0 && host.length() > 2) {
            String suffix = host.substring(2);
            return new RuleNode(new WildcardHostRule(suffix), HostScope.of(Set.of(), Set.of(suffix)));
        }
        if (host.indexOf('*') >= 0) {
            throw call.badArgument(0, "invalid wildcard in host " + RuleSyntaxException.describe(call.value(0)),
                    "'*' may only be the whole first label (`*.example.com`) or the whole value (`*`); "
                            + "use HostRegexp for other patterns");
        }
        return new RuleNode(new HostRule(host), HostScope.of(Set.of(host), Set.of()));
    }

    private static RuleNode any(Rule rule) {
        return new RuleNode(rule, HostScope.ANY);
    }
}
