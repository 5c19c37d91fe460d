package io.gatehouse.core.rule;

/**
 * A rule that parsed.
 *
 * @param source the rule text as written
 * @param rule   the compiled matcher tree
 * @param hosts  the hosts it can match, for indexing
 */
public record ParsedRule(String source, Rule rule, HostScope hosts) {

    /** Traefik's default priority: the length of the rule string in UTF-8 bytes, as Go counts it. */
    public int defaultPriority() {
        return source.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
