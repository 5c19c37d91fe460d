package io.gatehouse.middleware.paths;

import io.gatehouse.middleware.support.GoRegex;
import io.gatehouse.middleware.support.Options;

/**
 * {@code replacePathRegex}: Traefik's options.
 *
 * @param regex       a Go (RE2) regular expression matched against the path (required)
 * @param replacement the new path, with Go's {@code $1} / {@code ${name}} references; empty leaves the path alone, as in Traefik
 */
public record ReplacePathRegexConfig(String regex, String replacement) {

    public ReplacePathRegexConfig {
        GoRegex.compile("regex", regex);
        replacement = replacement == null ? "" : replacement;
        Options.noControlCharacters("replacement", replacement);
    }
}
