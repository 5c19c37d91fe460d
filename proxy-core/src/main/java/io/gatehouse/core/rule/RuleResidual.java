package io.gatehouse.core.rule;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What is left of a rule to check once something is known about the request's host: the route table
 * indexes routes by host, so for a request found under {@code example.com} a rule's
 * {@code Host(`example.com`)} is already decided. Host matchers are folded to true or false,
 * operators simplified, and the rest classified so the table can check the common shapes (a path
 * prefix, an exact path) on compact data instead of walking the rule tree. Computed once per route
 * table; exact: for every request the indexing guarantees, {@code residual matches} equals
 * {@code rule matches}.
 *
 * @param kind  the shape of what is left
 * @param value the prefix ({@link Kind#PATH_PREFIX}) or path ({@link Kind#PATH}); null otherwise
 * @param rule  what to evaluate for {@link Kind#RULE}; for the other kinds an equivalent rule
 */
public record RuleResidual(Kind kind, String value, Rule rule) {

    /** The shapes the route table checks without evaluating a rule tree. */
    public enum Kind {
        /** Matches whatever the rest of the request is. */
        ALWAYS,
        /** Cannot match. */
        NEVER,
        /** Matches when the routing path starts with {@code value}. */
        PATH_PREFIX,
        /** Matches when the routing path equals {@code value}. */
        PATH,
        /** Evaluate {@code rule}. */
        RULE
    }

    private static final Rule NEVER_RULE = request -> false;

    public RuleResidual {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(rule, "rule");
    }

    /** The rule with nothing known about the host: only {@code Host(`*`)} and operators fold. */
    public static RuleResidual of(Rule rule) {
        return classify(simplify(rule, leaf -> null));
    }

    /**
     * For requests whose {@link MatchInput#host() host} equals {@code host} (a canonical host, as the
     * request's): every host matcher is decided.
     */
    public static RuleResidual givenHost(Rule rule, String host) {
        MatchInput hostOnly = new HostOnly(host);
        return classify(simplify(rule, leaf -> leaf.matches(hostOnly)));
    }

    /**
     * For requests whose host is one non-empty label without dots, a dot, then {@code suffix}
     * (non-empty): {@code Host(`*.s`)} matches exactly when {@code s} equals {@code suffix}. Other
     * host matchers depend on the label and stay.
     */
    public static RuleResidual givenWildcardSuffix(Rule rule, String suffix) {
        return classify(simplify(rule, leaf -> leaf instanceof WildcardHostRule wildcard
                ? wildcard.suffix().equals(suffix) : null));
    }

    /** Decides a host matcher, or null when the known facts do not. */
    private interface HostFacts {
        Boolean decide(Rule hostMatcher);
    }

    private static Rule simplify(Rule rule, HostFacts facts) {
        if (rule == MatchAllRule.INSTANCE) {
            return MatchAllRule.INSTANCE;
        }
        if (rule instanceof HostRule || rule instanceof WildcardHostRule || rule instanceof HostRegexpRule) {
            Boolean decided = facts.decide(rule);
            return decided == null ? rule : decided ? MatchAllRule.INSTANCE : NEVER_RULE;
        }
        if (rule instanceof NotRule not) {
            Rule operand = simplify(not.operand(), facts);
            if (operand == MatchAllRule.INSTANCE) {
                return NEVER_RULE;
            }
            if (operand == NEVER_RULE) {
                return MatchAllRule.INSTANCE;
            }
            return operand == not.operand() ? not : new NotRule(operand);
        }
        if (rule instanceof AndRule and) {
            return combine(and.parts(), facts, NEVER_RULE, MatchAllRule.INSTANCE, AndRule::new, and);
        }
        if (rule instanceof OrRule or) {
            return combine(or.parts(), facts, MatchAllRule.INSTANCE, NEVER_RULE, OrRule::new, or);
        }
        return rule;
    }

    /**
     * Simplifies an operator's operands (rules have no side effects, so dropping or short-cutting
     * operands is safe): {@code absorbing} decides the whole (false for and), {@code neutral} drops out.
     */
    private static Rule combine(List<Rule> parts, HostFacts facts, Rule absorbing, Rule neutral,
                                Function<List<Rule>, Rule> operator, Rule original) {
        List<Rule> kept = new ArrayList<>(parts.size());
        boolean changed = false;
        for (Rule part : parts) {
            Rule simplified = simplify(part, facts);
            if (simplified == absorbing) {
                return absorbing;
            }
            changed |= simplified != part || simplified == neutral;
            if (simplified != neutral) {
                kept.add(simplified);
            }
        }
        if (kept.isEmpty()) {
            return neutral;
        }
        if (kept.size() == 1) {
            return kept.get(0);
        }
        return changed ? operator.apply(kept) : original;
    }

    private static RuleResidual classify(Rule rule) {
        if (rule == MatchAllRule.INSTANCE) {
            return new RuleResidual(Kind.ALWAYS, null, rule);
        }
        if (rule == NEVER_RULE) {
            return new RuleResidual(Kind.NEVER, null, rule);
        }
        if (rule instanceof PathPrefixRule prefix) {
            return new RuleResidual(Kind.PATH_PREFIX, prefix.prefix(), rule);
        }
        if (rule instanceof PathRule path) {
            return new RuleResidual(Kind.PATH, path.path(), rule);
        }
        return new RuleResidual(Kind.RULE, null, rule);
    }

    /** A request known only by its host; host matchers read nothing else. */
    private record HostOnly(String host) implements MatchInput {

        @Override
        public String path() {
            throw new UnsupportedOperationException("host matchers read only the host");
        }

        @Override
        public String method() {
            throw new UnsupportedOperationException("host matchers read only the host");
        }

        @Override
        public List<String> headerValues(String name) {
            throw new UnsupportedOperationException("host matchers read only the host");
        }

        @Override
        public List<String> queryValues(String name) {
            throw new UnsupportedOperationException("host matchers read only the host");
        }

        @Override
        public boolean hasQueryParameter(String name) {
            throw new UnsupportedOperationException("host matchers read only the host");
        }

        @Override
        public InetAddress clientAddress() {
            throw new UnsupportedOperationException("host matchers read only the host");
        }
    }
}
