package io.gatehouse.core.config.decode;

import java.util.Locale;
import java.util.Optional;

/** The file formats Traefik's file provider reads. */
public enum Format {
    YAML, TOML, JSON;

    /** The format for a file name's extension ({@code .yml}, {@code .yaml}, {@code .toml}, {@code .json}). */
    public static Optional<Format> forFileName(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".yml") || lower.endsWith(".yaml")) {
            return Optional.of(YAML);
        }
        if (lower.endsWith(".toml")) {
            return Optional.of(TOML);
        }
        if (lower.endsWith(".json")) {
            return Optional.of(JSON);
        }
        return Optional.empty();
    }
}
