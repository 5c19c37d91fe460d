package io.gatehouse.core.rule;

/**
 * Parses Traefik router rules ({@code Host(`example.com`) && PathPrefix(`/api`)}) into a compiled
 * {@link Rule}, with the hosts it can match and its default priority. Everything that can be done
 * once (lower-casing, regex compilation, CIDR masks) is done here, so matching a request allocates
 * (almost) nothing.
 *
 * <p>Nesting of parentheses and {@code !} is limited to {@value RuleTreeParser#MAX_NESTING} levels.
 */
public final class RuleParser {

    /** Deepest allowed nesting of parentheses and '!' together. */
    public static final int MAX_NESTING = RuleTreeParser.MAX_NESTING;

    private RuleParser() {
    }

    /** Parses a rule in the v3 syntax. */
    public static ParsedRule parse(String rule) throws RuleSyntaxException {
        return parse(rule, RuleSyntax.V3);
    }

    /**
     * Parses a rule in the given syntax ({@code null} means v3, Traefik's default).
     *
     * @throws RuleSyntaxException what is wrong, with its position and token
     */
    public static ParsedRule parse(String rule, RuleSyntax syntax) throws RuleSyntaxException {
        if (rule == null) {
            throw new RuleSyntaxException("no rule (null)", 0, "", "expected e.g. Host(`example.com`)");
        }
        MatcherCatalog catalog = syntax == RuleSyntax.V2 ? V2Matchers.CATALOG : V3Matchers.CATALOG;
        RuleNode root = RuleTreeParser.parse(rule, catalog);
        return new ParsedRule(rule, root.rule(), root.hosts());
    }
}
