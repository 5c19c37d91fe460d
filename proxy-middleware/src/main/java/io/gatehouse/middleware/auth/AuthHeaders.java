package io.gatehouse.middleware.auth;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What the auth middlewares share: the 401 answer and header-name checks. */
final class AuthHeaders {

    private static final ByteBuffer UNAUTHORIZED = ByteBuffer.wrap("401 Unauthorized\n".getBytes(StandardCharsets.US_ASCII))
            .asReadOnlyBuffer();

    private AuthHeaders() {
    }

    /** Traefik's (go-http-auth's) answer: 401, the challenge, "401 Unauthorized\n". */
    static void challenge(HttpServerExchange exchange, String wwwAuthenticate) {
        exchange.setStatusCode(401);
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, wwwAuthenticate);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, UNAUTHORIZED.remaining());
        exchange.getResponseSender().send(UNAUTHORIZED.duplicate());
    }

    /** RFC 9110 token characters, i.e. a valid header name. */
    static boolean isToken(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static HttpString headerOrNull(String name) {
        return name == null || name.isEmpty() ? null : new HttpString(name);
    }
}
