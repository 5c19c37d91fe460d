package io.gatehouse.core.rule;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Combines the host scopes of a rule's parts. Every result is a sound over-approximation: a host
 * outside it can never satisfy the rule.
 */
final class HostScopes {

    private HostScopes() {
    }

    /**
     * A conjunction only matches hosts that every restricted part allows: any restricted part is
     * sound, keep the smallest.
     */
    static HostScope and(List<HostScope> parts) {
        HostScope narrowest = HostScope.ANY;
        for (HostScope part : parts) {
            if (!part.any() && (narrowest.any() || size(part) < size(narrowest))) {
                narrowest = part;
            }
        }
        return narrowest;
    }

    /** A disjunction can match whatever any part matches: the union, or ANY when a part is unrestricted. */
    static HostScope or(List<HostScope> parts) {
        Set<String> exact = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        for (HostScope part : parts) {
            if (part.any()) {
                return HostScope.ANY;
            }
            exact.addAll(part.exact());
            wildcards.addAll(part.wildcardSuffixes());
        }
        return HostScope.of(exact, wildcards);
    }

    private static int size(HostScope scope) {
        return scope.exact().size() + scope.wildcardSuffixes().size();
    }
}
