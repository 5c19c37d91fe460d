package io.gatehouse.middleware.paths;

import io.gatehouse.middleware.support.Options;

import java.util.List;

/**
 * {@code stripPrefix}: Traefik's options.
 *
 * @param prefixes   the prefixes to remove, tried in order; the first that the path starts with wins
 * @param forceSlash deprecated in Traefik v3 and accepted for compatibility; the stripped path is
 *                   never empty on the wire either way
 */
public record StripPrefixConfig(List<String> prefixes, boolean forceSlash) {

    public static final StripPrefixConfig DEFAULTS = new StripPrefixConfig(List.of(), true);

    public StripPrefixConfig {
        prefixes = Options.list("prefixes", prefixes);
        for (int i = 0; i < prefixes.size(); i++) {
            String option = "prefixes[" + i + "]";
            String prefix = prefixes.get(i);
            Options.noControlCharacters(option, prefix);
            if (!prefix.startsWith("/")) {
                throw new IllegalArgumentException(option + ": a prefix must start with '/' (got '" + prefix + "')");
            }
        }
    }

    public static StripPrefixConfig of(String... prefixes) {
        return new StripPrefixConfig(List.of(prefixes), true);
    }
}
