package io.gatehouse.core.rule;

import java.util.Set;

/**
 * The hosts a rule can possibly match, so the route table can index it instead of scanning.
 * An over-approximation: the full rule still decides. {@code any} means "cannot be narrowed".
 *
 * @param any              true when the rule may match any host
 * @param exact            exact host names, spelled as the rule compares them with the request's canonical host
 *                         (lower case, one trailing dot and IPv6 brackets removed): the route table looks
 *                         requests up by these very strings
 * @param wildcardSuffixes for {@code *.example.com} the suffix {@code example.com} (one label matched), spelled
 *                         likewise
 */
public record HostScope(boolean any, Set<String> exact, Set<String> wildcardSuffixes) {

    public static final HostScope ANY = new HostScope(true, Set.of(), Set.of());

    public HostScope {
        exact = Set.copyOf(exact);
        wildcardSuffixes = Set.copyOf(wildcardSuffixes);
    }

    public static HostScope of(Set<String> exact, Set<String> wildcardSuffixes) {
        return new HostScope(false, exact, wildcardSuffixes);
    }
}
