package io.gatehouse.core.routing;

import io.gatehouse.core.rule.HostScope;
import io.gatehouse.core.rule.ParsedRule;

import java.util.Set;

/** Hand-built rules (the rule parser is not used here), with Traefik-like sources for priorities. */
final class TestRules {

    private TestRules() {
    }

    static ParsedRule host(String host) {
        return new ParsedRule("Host(`" + host + "`)", request -> request.host().equals(host),
                HostScope.of(Set.of(host), Set.of()));
    }

    /** {@code *.suffix}: exactly one label in front of the suffix. */
    static ParsedRule wildcardHost(String suffix) {
        return new ParsedRule("Host(`*." + suffix + "`)", request -> {
            String host = request.host();
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(suffix);
        }, HostScope.of(Set.of(), Set.of(suffix)));
    }

    static ParsedRule pathPrefix(String prefix) {
        return new ParsedRule("PathPrefix(`" + prefix + "`)", request -> request.path().startsWith(prefix),
                HostScope.ANY);
    }

    static ParsedRule hostAndPathPrefix(String host, String prefix) {
        return new ParsedRule("Host(`" + host + "`) && PathPrefix(`" + prefix + "`)",
                request -> request.host().equals(host) && request.path().startsWith(prefix),
                HostScope.of(Set.of(host), Set.of()));
    }

    static ParsedRule any() {
        return new ParsedRule("PathPrefix(`/`)", request -> true, HostScope.ANY);
    }

    static ParsedRule never(String source) {
        return new ParsedRule(source, request -> false, HostScope.ANY);
    }
}
