package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.services.<name>.mirroring}.
 *
 * @param service     the main service, whose response the client gets
 * @param mirrorBody  whether request bodies are mirrored too (default true)
 * @param maxBodySize the largest body that is mirrored, in bytes; -1 (default) means no limit
 * @param mirrors     the mirrors and the percentage of requests each gets
 * @param healthCheck whether the main service's health is propagated ({@code healthCheck: {}})
 */
public record MirroringConfig(String service, boolean mirrorBody, long maxBodySize, List<Mirror> mirrors,
                              boolean healthCheck) {

    public static final long NO_BODY_LIMIT = -1;

    public MirroringConfig {
        mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    }

    /**
     * {@code mirrors[n]}.
     *
     * @param name    the mirror service
     * @param percent 0 to 100
     */
    public record Mirror(String name, int percent) {
    }
}
