package io.gatehouse.core.rule;

/** A compiled routing rule: a tree of matchers and operators. Immutable and thread-safe. */
@FunctionalInterface
public interface Rule {

    boolean matches(MatchInput request);
}
