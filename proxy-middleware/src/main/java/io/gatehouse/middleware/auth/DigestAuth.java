package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * HTTP Digest authentication (RFC 2617, MD5, qop=auth) against htdigest users (Traefik's digestAuth). Only users
 * whose htdigest realm is the middleware's realm can log in. All checks are MD5: cheap, done on the IO thread.
 */
public final class DigestAuth implements Middleware {

    private final Map<String, String> ha1ByUser;
    private final String realm;
    private final String opaque;
    private final boolean removeHeader;
    private final HttpString headerField;
    private final DigestNonces nonces = new DigestNonces();

    /** @param path the option path for errors, e.g. {@code http.middlewares.m.digestAuth} */
    public DigestAuth(DigestAuthConfig config, String path) throws ConfigException {
        this.realm = config.realm();
        this.ha1ByUser = parseUsers(UserLines.load(config.users(), config.usersFile(), path), path, realm);
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        this.opaque = HexFormat.of().formatHex(random);
        this.removeHeader = config.removeHeader();
        this.headerField = AuthHeaders.headerOrNull(config.headerField());
    }

    /** For code: {@code DigestAuth.of("admin:traefik:<md5 hex>")}. */
    public static DigestAuth of(String... users) throws ConfigException {
        return new DigestAuth(DigestAuthConfig.users(users), "digestAuth");
    }

    private static Map<String, String> parseUsers(UserLines lines, String path, String realm) throws ConfigException {
        Map<String, String> users = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        boolean any = false;
        for (UserLines.Line line : lines.lines()) {
            String[] parts = line.text().split(":", -1);
            if (parts.length != 3 || parts[0].isEmpty()) {
                errors.add(UserLines.error(line, "expected 'name:realm:hash' as htdigest writes it (two ':')"));
            } else if (!parts[2].matches("[0-9a-fA-F]{32}")) {
                errors.add(UserLines.error(line, "user '" + parts[0] + "': the hash must be 32 hex digits, MD5(name:realm:password)"));
            } else {
                any = true;
                if (parts[1].equals(realm)) {
                    users.put(parts[0], parts[2].toLowerCase(java.util.Locale.ROOT));
                }
            }
        }
        if (errors.isEmpty() && !any) {
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
            long now = System.currentTimeMillis();
            String authorization = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
            Map<String, String> auth = DigestParams.parse(authorization);
            String user = auth == null ? null : authenticate(exchange, auth, now);
            if (user == null) {
                boolean stale = auth != null && auth.get("nonce") != null
                        && nonces.check(auth.get("nonce"), now) == DigestNonces.Check.STALE;
                AuthHeaders.challenge(exchange, "Digest realm=\"" + realm + "\", nonce=\"" + nonces.issue(now)
                        + "\", opaque=\"" + opaque + "\", algorithm=MD5, qop=\"auth\"" + (stale ? ", stale=true" : ""));
                return;
            }
            if (headerField != null) {
                exchange.getRequestHeaders().put(headerField, user);
            }
            if (removeHeader) {
                exchange.getRequestHeaders().remove(Headers.AUTHORIZATION);
            }
            next.handleRequest(exchange);
        };
    }

    /** The user when the Authorization parameters prove the password for this request; null otherwise. */
    private String authenticate(HttpServerExchange exchange, Map<String, String> auth, long now) {
        String user = auth.get("username");
        String nonce = auth.get("nonce");
        String uri = auth.get("uri");
        String response = auth.get("response");
        String nc = auth.get("nc");
        String cnonce = auth.get("cnonce");
        String algorithm = auth.get("algorithm");
        if (user == null || nonce == null || uri == null || response == null || nc == null || cnonce == null
                || !opaque.equals(auth.get("opaque")) || !"auth".equals(auth.get("qop"))
                || (algorithm != null && !algorithm.equalsIgnoreCase("MD5")) || !realm.equals(auth.get("realm"))) {
            return null;
        }
        String ha1 = ha1ByUser.get(user);
        if (ha1 == null || !uriMatches(exchange, uri) || nonces.check(nonce, now) != DigestNonces.Check.FRESH) {
            return null;
        }
        String ha2 = DigestNonces.md5Hex(exchange.getRequestMethod() + ":" + uri);
        String expected = DigestNonces.md5Hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return null;
        }
        long count;
        try {
            count = Long.parseUnsignedLong(nc, 16);
        } catch (NumberFormatException e) {
            return null;
        }
        return nonces.advance(nonce, count, now) ? user : null;
    }

    /** The digest's uri must be the request target, or (as go-http-auth allows) a prefix of its path. */
    private static boolean uriMatches(HttpServerExchange exchange, String uri) {
        String query = exchange.getQueryString();
        String target = exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
        if (uri.equals(target)) {
            return true;
        }
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        return !path.isEmpty() && exchange.getRequestURI().startsWith(path);
    }
}
