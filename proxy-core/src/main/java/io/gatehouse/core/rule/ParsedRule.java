package io.gatehouse.core.rule;

import java.nio.charset.StandardCharsets;

/**
 * A rule that parsed.
 *
 * @param source          the rule text as written
 * @param rule            the compiled matcher tree
 * @param hosts           the hosts it can match, for indexing
 * @param defaultPriority Traefik's default priority: the length of the rule in UTF-8 bytes, as Go
 *                        counts it; computed once, since route tables sort by it
 */
public record ParsedRule(String source, Rule rule, HostScope hosts, int defaultPriority) {

    public ParsedRule(String source, Rule rule, HostScope hosts) {
        this(source, rule, hosts, utf8Length(source));
    }

    private static int utf8Length(String source) {
        int ascii = 0;
        while (ascii < source.length() && source.charAt(ascii) < 0x80) {
            ascii++;
        }
        return ascii == source.length() ? ascii : source.getBytes(StandardCharsets.UTF_8).length;
    }
}
