package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks for hostile middleware options: a bad value must give a checked ConfigException whose message
 * names the option's path, never an unchecked exception.
 */
public final class HostileConfig {

    private HostileConfig() {
    }

    /** The error for middleware {@code m} of {@code type} with {@code options}; fails on success or on an unchecked exception. */
    public static String errorOf(String type, String options) {
        String yaml = MiddlewareConfigs.yaml(type, options);
        try {
            MiddlewareConfigs.build(yaml, "m");
        } catch (ConfigException e) {
            assertThat(e.getMessage()).as("error message").isNotBlank();
            return e.getMessage();
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            throw new AssertionError("unchecked " + e + " escaped for options:\n" + options, e);
        }
        return fail("expected a configuration error for " + type + " with options:\n" + shorten(options));
    }

    /**
     * Asserts a configuration error at the middleware's path {@code http.middlewares.m.<type>} that names the option
     * (either as {@code ...<type>.<option>} or as {@code ...<type>: <option>: ...}), case-insensitively.
     */
    public static String assertRejected(String type, String option, String options) {
        String message = errorOf(type, options);
        String lower = message.toLowerCase(Locale.ROOT);
        String path = ("http.middlewares.m." + type).toLowerCase(Locale.ROOT);
        assertThat(lower).as("error for %s should name the middleware %s", shorten(options), path).contains(path);
        if (!option.isEmpty()) {
            assertThat(lower).as("error for %s should name the option %s", shorten(options), option)
                    .contains(option.toLowerCase(Locale.ROOT));
        }
        return message;
    }

    /** Builds the middleware and fails on any exception. */
    public static Middleware accepted(String type, String options) {
        try {
            return MiddlewareConfigs.build(MiddlewareConfigs.yaml(type, options), "m");
        } catch (ConfigException e) {
            throw new AssertionError("expected " + type + " with " + shorten(options) + " to be accepted: " + e.getMessage(), e);
        }
    }

    /** A YAML double-quoted scalar of {@code value} (escapes backslash, quote, control characters). */
    public static String quoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + " chars)" : s;
    }
}
