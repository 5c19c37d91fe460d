package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP Basic authentication against htpasswd users (Traefik's basicAuth). A request without valid credentials gets
 * 401 with {@code WWW-Authenticate: Basic realm="..."}. bcrypt checks run on a worker thread, never on the IO
 * thread; verified credentials are remembered (salted digest, bounded) so each client pays bcrypt once.
 */
public final class BasicAuth implements Middleware {

    private final Map<String, PasswordHash> users;
    private final String challenge;
    private final boolean removeHeader;
    private final HttpString headerField;
    private final VerifiedCredentials verified = new VerifiedCredentials(VerifiedCredentials.DEFAULT_CAPACITY);

    /** @param path the option path for errors, e.g. {@code http.middlewares.m.basicAuth} */
    public BasicAuth(BasicAuthConfig config, String path) throws ConfigException {
        this.users = parseUsers(UserLines.load(config.users(), config.usersFile(), path), path);
        this.challenge = "Basic realm=\"" + config.realm() + "\"";
        this.removeHeader = config.removeHeader();
        this.headerField = AuthHeaders.headerOrNull(config.headerField());
    }

    /** For code: {@code BasicAuth.of("admin:$2y$05$...")}. */
    public static BasicAuth of(String... users) throws ConfigException {
        return new BasicAuth(BasicAuthConfig.users(users), "basicAuth");
    }

    private static Map<String, PasswordHash> parseUsers(UserLines lines, String path) throws ConfigException {
        Map<String, PasswordHash> users = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (UserLines.Line line : lines.lines()) {
            String[] parts = line.text().split(":", -1);
            if (parts.length != 2 || parts[0].isEmpty()) {
                errors.add(UserLines.error(line, "expected 'name:hash' as htpasswd writes it (one ':')"));
                continue;
            }
            try {
                users.put(parts[0], PasswordHash.parse(parts[1]));
            } catch (IllegalArgumentException e) {
                errors.add(UserLines.error(line, "user '" + parts[0] + "': " + e.getMessage()));
            }
        }
        if (errors.isEmpty() && users.isEmpty()) {
            errors.add(new ConfigError(path + ".users", null, "no users: give users or usersFile"));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return Map.copyOf(users);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            byte[] credentials = credentials(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            int colon = credentials == null ? -1 : indexOf(credentials, (byte) ':');
            String user = colon < 0 ? null : new String(credentials, 0, colon, StandardCharsets.UTF_8);
            PasswordHash hash = user == null ? null : users.get(user);
            if (hash == null) {
                AuthHeaders.challenge(exchange, challenge);
                return;
            }
            ByteBuffer key = verified.key(credentials);
            if (verified.contains(key)) {
                pass(exchange, next, user);
            } else if (hash.expensive() && exchange.isInIoThread()) {
                exchange.dispatch((HttpHandler) worker -> verify(worker, next, user, hash, credentials, colon, key));
            } else {
                verify(exchange, next, user, hash, credentials, colon, key);
            }
        };
    }

    private void verify(HttpServerExchange exchange, HttpHandler next, String user, PasswordHash hash,
                        byte[] credentials, int colon, ByteBuffer key) throws Exception {
        byte[] password = java.util.Arrays.copyOfRange(credentials, colon + 1, credentials.length);
        boolean ok = hash.matches(password);
        java.util.Arrays.fill(password, (byte) 0);
        if (!ok) {
            AuthHeaders.challenge(exchange, challenge);
            return;
        }
        verified.add(key);
        pass(exchange, next, user);
    }

    private void pass(HttpServerExchange exchange, HttpHandler next, String user) throws Exception {
        if (headerField != null) {
            exchange.getRequestHeaders().put(headerField, user);
        }
        if (removeHeader) {
            exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
        }
        next.handleRequest(exchange);
    }

    /** The decoded "user:password" of a Basic Authorization header, or null (Go's Request.BasicAuth rules). */
    static byte[] credentials(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(authorization.substring(6));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    int cachedCredentials() {
        return verified.size();
    }
}
