package io.gatehouse.middleware.redirect;

import io.gatehouse.middleware.support.GoRegex;
import io.gatehouse.middleware.support.Options;

/**
 * {@code redirectRegex}: Traefik's options.
 *
 * @param regex       a Go (RE2) regular expression matched against the whole request URL, e.g.
 *                    {@code http://localhost:8080/path?q=1} (required)
 * @param replacement the URL to redirect to, with Go's {@code $1} / {@code ${name}} references (required)
 * @param permanent   301 / 308 instead of 302 / 307
 */
public record RedirectRegexConfig(String regex, String replacement, boolean permanent) {

    public RedirectRegexConfig {
        GoRegex.compile("regex", regex);
        if (replacement == null || replacement.isEmpty()) {
            throw new IllegalArgumentException("replacement: a replacement URL is required (e.g. https://example.com/${1})");
        }
        Options.noControlCharacters("replacement", replacement);
    }
}
