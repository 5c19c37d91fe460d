package io.gatehouse.middleware.grpcweb;

import java.util.List;

/**
 * Traefik's {@code grpcWeb}.
 *
 * @param allowOrigins origins allowed by CORS ({@code *} = any); others still reach the backend, without CORS headers
 */
public record GrpcWebConfig(List<String> allowOrigins) {

    public static final GrpcWebConfig DEFAULTS = new GrpcWebConfig(List.of());

    public GrpcWebConfig {
        allowOrigins = allowOrigins == null ? List.of() : List.copyOf(allowOrigins);
        for (String origin : allowOrigins) {
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException("allowOrigins entries must not be empty");
            }
        }
    }
}
