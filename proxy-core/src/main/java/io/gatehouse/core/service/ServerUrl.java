package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * A validated server URL.
 *
 * @param target    what Undertow's client connects to: scheme http, https or h2c-prior (Traefik's h2c:// is
 *                  HTTP/2 with prior knowledge), host and explicit port
 * @param authority host[:port] as written, the Host header when passHostHeader is false
 * @param path      the URL's path without a trailing slash ("" for none)
 */
record ServerUrl(URI target, String authority, String path) {

    static ServerUrl parse(String raw, String at, List<ConfigError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new ConfigError(at, raw, "must not be empty; expected a URL like http://10.0.0.5:8080"));
            return null;
        }
        if (raw.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            errors.add(new ConfigError(at, raw, "must not contain spaces or control characters"));
            return null;
        }
        if (!raw.contains("://")) {
            errors.add(new ConfigError(at, raw, "must be an absolute URL with a scheme and a host, like http://10.0.0.5:8080"));
            return null;
        }
        URI uri;
        try {
            uri = new URI(raw);
        } catch (URISyntaxException e) {
            errors.add(new ConfigError(at, raw, "is not a valid URL: " + e.getReason() + " at index " + e.getIndex()));
            return null;
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            errors.add(new ConfigError(at, raw, "must be an absolute URL with a scheme and a host, like http://10.0.0.5:8080"));
            return null;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String undertowScheme = switch (scheme) {
            case "http", "https" -> scheme;
            case "h2c" -> "h2c-prior";
            default -> null;
        };
        if (undertowScheme == null) {
            errors.add(new ConfigError(at, raw, "has an unsupported scheme '" + uri.getScheme() + "'; expected http, https or h2c"));
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            errors.add(new ConfigError(at, raw, "must not contain user info (user:password@)"));
            return null;
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            errors.add(new ConfigError(at, raw, uri.getRawAuthority() == null
                    ? "has no host; expected a URL like http://10.0.0.5:8080"
                    : "has an invalid host or port '" + uri.getRawAuthority() + "'"));
            return null;
        }
        int port = uri.getPort();
        if (port == -1) {
            port = scheme.equals("https") ? 443 : 80;
        } else if (port < 1 || port > 65535) {
            errors.add(new ConfigError(at, raw, "has port " + port + "; expected 1 to 65535"));
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            errors.add(new ConfigError(at, raw, "must not contain a query or a fragment"));
            return null;
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        URI target = URI.create(undertowScheme + "://" + host + ":" + port);
        return new ServerUrl(target, uri.getRawAuthority(), path);
    }
}
