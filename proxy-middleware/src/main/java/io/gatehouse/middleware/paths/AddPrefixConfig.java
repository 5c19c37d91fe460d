package io.gatehouse.middleware.paths;

import io.gatehouse.middleware.support.Options;

/**
 * {@code addPrefix}: Traefik's option.
 *
 * @param prefix put in front of the path (required); a missing leading slash is added, as in Traefik
 */
public record AddPrefixConfig(String prefix) {

    public AddPrefixConfig {
        if (prefix == null || prefix.isEmpty()) {
            throw new IllegalArgumentException("prefix: a prefix is required (e.g. /api)");
        }
        Options.noControlCharactersNorTabs("prefix", prefix);
        if (!RequestPaths.hasValidEscapes(prefix)) {
            throw new IllegalArgumentException("prefix: '%' must start an escape such as %20 (got '" + prefix + "')");
        }
    }
}
