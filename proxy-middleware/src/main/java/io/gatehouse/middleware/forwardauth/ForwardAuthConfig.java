package io.gatehouse.middleware.forwardauth;

import java.util.List;

/**
 * Traefik's {@code forwardAuth}: each request is first sent to an authentication server; a 2xx answer lets it
 * through, anything else is returned to the client.
 *
 * @param address                  the auth server's URL (http or https), required
 * @param tls                      client TLS towards the auth server
 * @param trustForwardHeader       pass the client's X-Forwarded-* headers on instead of computing them
 * @param authResponseHeaders      headers copied from the auth answer into the forwarded request (replacing the client's)
 * @param authResponseHeadersRegex a Go RE2 regex; matching headers are copied likewise
 * @param authRequestHeaders       when set, only these request headers are sent to the auth server
 * @param addAuthCookiesToResponse cookie names whose Set-Cookie from the auth answer are added to the final response
 * @param forwardBody              send the request body to the auth server too
 * @param maxBodySize              with forwardBody, the largest body in bytes (-1 = no limit; larger: 401)
 * @param headerField              the auth answer header naming the authenticated user (kept for logging)
 * @param preserveRequestMethod    call the auth server with the request's method instead of GET
 * @param preserveLocationHeader   return the auth server's Location as written instead of resolving it against address
 */
public record ForwardAuthConfig(String address, ForwardAuthTlsConfig tls, boolean trustForwardHeader,
                                List<String> authResponseHeaders, String authResponseHeadersRegex,
                                List<String> authRequestHeaders, List<String> addAuthCookiesToResponse,
                                boolean forwardBody, long maxBodySize, String headerField,
                                boolean preserveRequestMethod, boolean preserveLocationHeader) {

    public static final ForwardAuthConfig DEFAULTS = new ForwardAuthConfig(null, null, false, List.of(), null, List.of(),
            List.of(), false, -1, null, false, false);

    public ForwardAuthConfig {
        authResponseHeaders = authResponseHeaders == null ? List.of() : List.copyOf(authResponseHeaders);
        authRequestHeaders = authRequestHeaders == null ? List.of() : List.copyOf(authRequestHeaders);
        addAuthCookiesToResponse = addAuthCookiesToResponse == null ? List.of() : List.copyOf(addAuthCookiesToResponse);
        if (maxBodySize < -1) {
            throw new IllegalArgumentException("maxBodySize must be -1 (no limit) or a number of bytes >= 0, got " + maxBodySize);
        }
    }

    public static ForwardAuthConfig address(String address) {
        return new ForwardAuthConfig(address, null, false, List.of(), null, List.of(), List.of(), false, -1, null, false, false);
    }

    public ForwardAuthConfig withAuthResponseHeaders(String... headers) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, List.of(headers), authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withAuthResponseHeadersRegex(String regex) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, regex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withAuthRequestHeaders(String... headers) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                List.of(headers), addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withAddAuthCookiesToResponse(String... cookies) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, List.of(cookies), forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withForwardBody(boolean forward, long maxBodySize) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forward, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withTrustForwardHeader(boolean trust) {
        return new ForwardAuthConfig(address, tls, trust, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withPreserveRequestMethod(boolean preserve) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserve,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withPreserveLocationHeader(boolean preserve) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserve);
    }

    public ForwardAuthConfig withTls(ForwardAuthTlsConfig tls) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, headerField, preserveRequestMethod,
                preserveLocationHeader);
    }

    public ForwardAuthConfig withHeaderField(String header) {
        return new ForwardAuthConfig(address, tls, trustForwardHeader, authResponseHeaders, authResponseHeadersRegex,
                authRequestHeaders, addAuthCookiesToResponse, forwardBody, maxBodySize, header, preserveRequestMethod,
                preserveLocationHeader);
    }
}
