package io.gatehouse.core.service.health;

import java.net.URI;
import java.util.Locale;

/**
 * Where a check goes, computed once per server: the server URL with the check's path resolved against it (as
 * Traefik's {@code url.Parse}) and the scheme and port replaced when the check sets them.
 *
 * @param connect   what the client connects to: http, https or h2c-prior, host and explicit port
 * @param url       the full URL, for messages and for resolving redirects
 * @param pathAndQuery the request target
 * @param authority host[:port] as the URL shows it, the default Host header
 */
record CheckTarget(URI connect, URI url, String pathAndQuery, String authority) {

    static CheckTarget of(String serverUrl, HealthCheckSpec spec) {
        return spec.grpc() ? grpc(serverUrl, spec) : http(serverUrl, spec);
    }

    private static CheckTarget http(String serverUrl, HealthCheckSpec spec) {
        URI base = URI.create(serverUrl);
        String basePath = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        URI resolved = URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath).resolve(spec.path());
        String scheme = spec.scheme() != null ? spec.scheme() : base.getScheme().toLowerCase(Locale.ROOT);
        int port = spec.port() != 0 ? spec.port() : resolved.getPort();
        return at(scheme, resolved.getHost(), port, resolved.getRawPath(), resolved.getRawQuery());
    }

    /**
     * The server's host and port (or the check's port) with the gRPC health method as the path: the check's path
     * plays no part, as in Traefik. http and h2c are h2c with prior knowledge, https is TLS with ALPN h2.
     */
    private static CheckTarget grpc(String serverUrl, HealthCheckSpec spec) {
        URI base = URI.create(serverUrl);
        String scheme = spec.scheme() != null ? spec.scheme() : base.getScheme().toLowerCase(Locale.ROOT);
        int port = spec.port() != 0 ? spec.port() : base.getPort();
        return at(scheme.equals("https") ? "https" : "h2c", base.getHost(), port, GrpcHealthProbe.PATH, null);
    }

    /** A redirect's target, or null when it is not an http(s) URL with a host. */
    static CheckTarget redirect(URI from, String location) {
        URI next;
        try {
            next = from.resolve(location);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String scheme = next.getScheme() == null ? null : next.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || next.getHost() == null) {
            return null;
        }
        return at(scheme, next.getHost(), next.getPort(), next.getRawPath(), next.getRawQuery());
    }

    /** @param port -1 for the scheme's default */
    private static CheckTarget at(String scheme, String host, int port, String path, String query) {
        int effectivePort = port > 0 ? port : scheme.equals("https") ? 443 : 80;
        String authority = port > 0 ? host + ":" + port : host;
        String target = (path == null || path.isEmpty() ? "/" : path) + (query == null ? "" : "?" + query);
        String connectScheme = scheme.equals("h2c") ? "h2c-prior" : scheme;
        String urlScheme = scheme.equals("h2c") ? "http" : scheme;
        return new CheckTarget(URI.create(connectScheme + "://" + host + ":" + effectivePort),
                URI.create(urlScheme + "://" + authority + target), target, authority);
    }
}
