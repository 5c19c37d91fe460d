package io.gatehouse.middleware.paths;

import io.gatehouse.middleware.support.Options;

/**
 * {@code replacePath}: Traefik's option.
 *
 * @param path the path forwarded instead (required), written as in a URL: escapes such as {@code %2F} are kept
 */
public record ReplacePathConfig(String path) {

    public ReplacePathConfig {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("path: a path is required (e.g. /foo)");
        }
        Options.noControlCharacters("path", path);
        if (!RequestPaths.hasValidEscapes(path)) {
            throw new IllegalArgumentException("path: '%' must start an escape such as %2F (got '" + path + "')");
        }
    }
}
