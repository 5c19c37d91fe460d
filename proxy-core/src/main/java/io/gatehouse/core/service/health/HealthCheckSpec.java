package io.gatehouse.core.service.health;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.HealthCheckConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A validated {@code loadBalancer.healthCheck}: what every check of the service's servers sends and expects.
 *
 * @param scheme            http, https or h2c to use instead of the server URL's; null keeps it
 * @param grpc              mode grpc: the gRPC health protocol (grpc.health.v1.Health/Check) instead of an HTTP
 *                          request; path, method, status and followRedirects are then not used
 * @param path              the path (and query) to request, resolved against the server URL as Traefik does
 * @param method            the request method
 * @param status            the expected status; 0 means any 2xx or 3xx
 * @param port              the port to use instead of the server URL's; 0 keeps it
 * @param intervalNanos     between checks of a server that is up
 * @param unhealthyNanos    between checks of a server that is down
 * @param timeoutNanos      for one check, redirects included
 * @param hostname          the Host header; null for the target's authority
 * @param followRedirects   whether 301, 302, 303, 307 and 308 are followed (at most 10, as Go's client)
 * @param headers           extra request headers
 * @param timeout           the timeout as configured, for messages
 */
public record HealthCheckSpec(String scheme, boolean grpc, String path, String method, int status, int port, long intervalNanos,
                              long unhealthyNanos, long timeoutNanos, String hostname, boolean followRedirects,
                              Map<String, String> headers, Duration timeout) {

    /**
     * Validates {@code config} (null means no active checks: null is returned). Errors are added with paths
     * under {@code path}, e.g. {@code http.services.api.loadBalancer.healthCheck.interval}; then null is returned.
     */
    public static HealthCheckSpec of(HealthCheckConfig config, String path, List<ConfigError> errors) {
        if (config == null) {
            return null;
        }
        int before = errors.size();
        // As Traefik: anything but grpc is http there; here an empty mode is the default, others are typos
        String mode = config.mode() == null || config.mode().isEmpty() ? "http" : config.mode().toLowerCase(Locale.ROOT);
        if (!mode.equals("http") && !mode.equals("grpc")) {
            errors.add(new ConfigError(path + ".mode", config.mode(), "expected http or grpc"));
        }
        String scheme = null;
        if (config.scheme() != null && !config.scheme().isEmpty()) {
            scheme = config.scheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("h2c")) {
                errors.add(new ConfigError(path + ".scheme", config.scheme(), "expected http, https or h2c"));
            }
        }
        String checkPath = config.path();
        if (checkPath == null || checkPath.isBlank()) {
            if (mode.equals("http")) {
                errors.add(new ConfigError(path + ".path", checkPath,
                        "a health check needs a path, like /health"));
            }
        } else if (checkPath.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            errors.add(new ConfigError(path + ".path", checkPath, "must not contain spaces or control characters"));
        } else {
            try {
                URI uri = new URI(checkPath);
                if (uri.isAbsolute() || uri.getRawAuthority() != null || uri.getRawFragment() != null) {
                    errors.add(new ConfigError(path + ".path", checkPath,
                            "must be a path (with an optional query), like /health; not a URL or a fragment"));
                }
            } catch (URISyntaxException e) {
                errors.add(new ConfigError(path + ".path", checkPath, "is not a valid path: " + e.getReason()));
            }
        }
        String method = config.method() == null || config.method().isEmpty() ? "GET" : config.method();
        if (!isToken(method)) {
            errors.add(new ConfigError(path + ".method", config.method(), "must be an HTTP method token, like GET or HEAD"));
        }
        int status = config.status();
        if (status != 0 && (status < 100 || status > 599)) {
            errors.add(new ConfigError(path + ".status", String.valueOf(status),
                    "expected an HTTP status between 100 and 599 (or 0 for any 2xx or 3xx)"));
        }
        if (config.port() < 0 || config.port() > 65535) {
            errors.add(new ConfigError(path + ".port", String.valueOf(config.port()),
                    "expected a port between 1 and 65535 (or 0 for the server's)"));
        }
        long interval = positive(config.interval(), path + ".interval", errors);
        // unhealthyInterval defaults to interval: its error is reported once, on interval
        long unhealthy = config.unhealthyInterval() == config.interval() ? interval
                : positive(config.unhealthyInterval(), path + ".unhealthyInterval", errors);
        long timeout = positive(config.timeout(), path + ".timeout", errors);
        String hostname = config.hostname() == null || config.hostname().isEmpty() ? null : config.hostname();
        if (hostname != null && hostname.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            errors.add(new ConfigError(path + ".hostname", hostname,
                    "must be a host name (optionally with :port), without spaces or control characters"));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        config.headers().forEach((name, value) -> {
            String at = path + ".headers." + name;
            if (name != null && hasLineBreakOrNul(name)) {
                errors.add(new ConfigError(at, name, "must not contain CR, LF or NUL"));
            } else if (name == null || !isToken(name)) {
                errors.add(new ConfigError(at, name, "is not a valid header name"));
            } else if (value == null || hasLineBreakOrNul(value)) {
                errors.add(new ConfigError(at, value, "must not contain CR, LF or NUL"));
            } else {
                headers.put(name, value);
            }
        });
        if (errors.size() > before) {
            return null;
        }
        return new HealthCheckSpec(scheme, mode.equals("grpc"), checkPath, method, status, config.port(), interval,
                unhealthy, timeout, hostname, config.followRedirects(), Map.copyOf(headers), config.timeout());
    }

    /**
     * A timeout longer than the interval is accepted, as Traefik accepts it: checks of one server never overlap,
     * the next one starts an interval after the previous one ended.
     */
    private static long positive(Duration duration, String at, List<ConfigError> errors) {
        if (duration == null || duration.isZero() || duration.isNegative()) {
            errors.add(new ConfigError(at, String.valueOf(duration), "must be greater than zero"));
            return 0;
        }
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4; // centuries: effectively never
        }
    }

    private static boolean hasLineBreakOrNul(String s) {
        return s.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0);
    }

    /** RFC 9110 token: what method names and header names are made of. */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
