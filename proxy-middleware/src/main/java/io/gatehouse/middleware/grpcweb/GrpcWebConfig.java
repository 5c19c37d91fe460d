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
        for (int i = 0; i < allowOrigins.size(); i++) {
            String origin = allowOrigins.get(i);
            if (origin == null || origin.isBlank()) {
                throw new IllegalArgumentException("allowOrigins[" + i + "]: entries must not be empty");
            }
            // An origin is echoed in Access-Control-Allow-Origin: CR, LF and other controls would split the header.
            io.gatehouse.middleware.support.Options.noControlCharactersNorTabs("allowOrigins[" + i + "]", origin);
        }
    }
}
