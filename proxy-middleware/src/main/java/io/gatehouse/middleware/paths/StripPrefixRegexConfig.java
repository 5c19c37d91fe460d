package io.gatehouse.middleware.paths;

import io.gatehouse.middleware.support.GoRegex;
import io.gatehouse.middleware.support.Options;

import java.util.List;

/**
 * {@code stripPrefixRegex}: Traefik's options.
 *
 * @param regex Go (RE2) regular expressions, tried in order; the first whose leftmost match is a
 *              non-empty prefix of the path is stripped
 */
public record StripPrefixRegexConfig(List<String> regex) {

    public static final StripPrefixRegexConfig DEFAULTS = new StripPrefixRegexConfig(List.of());

    public StripPrefixRegexConfig {
        regex = Options.list("regex", regex);
        for (int i = 0; i < regex.size(); i++) {
            GoRegex.compile("regex[" + i + "]", regex.get(i).strip());
        }
    }

    public static StripPrefixRegexConfig of(String... regex) {
        return new StripPrefixRegexConfig(List.of(regex));
    }
}
