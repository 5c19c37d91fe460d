package io.gatehouse.core.service.sticky;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.service.Server;
import io.undertow.server.HttpServerExchange;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sticky cookie that ties a client to one target, as Traefik writes and reads it: a server of a
 * {@code loadBalancer} (keyed by its URL) or a child of a {@code weighted} service (keyed by its name).
 * The value is the first 16 hex characters of SHA-256 of the key, never the key itself; it depends only on the
 * key, so a client stays on its target across configuration reloads. Values older Traefik versions wrote (the
 * key, its FNV-64 hash, or that hash hashed again) are still understood, and replaced. Everything, the whole
 * Set-Cookie header of every target included, is computed once here.
 */
public final class StickyCookie {

    private final String name;
    private final Map<String, Integer> byHash;
    private final Map<String, Integer> legacy;
    private final String[] setCookieByIndex;
    private final List<Server> servers;

    private StickyCookie(String name, Map<String, Integer> byHash, Map<String, Integer> legacy, String[] setCookieByIndex,
                         List<Server> servers) {
        this.name = name;
        this.byHash = byHash;
        this.legacy = legacy;
        this.setCookieByIndex = setCookieByIndex;
        this.servers = servers;
    }

    /**
     * The cookie for a load balancer's servers (keyed by URL; {@link Server#index()} is each one's position);
     * null (with errors added) when the options are invalid.
     *
     * @param serviceName the qualified service name, from which Traefik derives the default cookie name
     * @param path        the config path of the cookie, e.g. {@code http.services.web.loadBalancer.sticky.cookie}
     */
    public static StickyCookie create(String serviceName, CookieConfig config, List<Server> servers, String path,
                                      List<ConfigError> errors) {
        String[] keys = new String[servers.size()];
        int[] weights = new int[servers.size()];
        for (Server server : servers) {
            keys[server.index()] = server.url();
            weights[server.index()] = server.weight();
        }
        return create(serviceName, config, keys, weights, List.copyOf(servers), path, errors);
    }

    /**
     * The cookie for targets known by a key each (a weighted service's children by name), by position.
     * Targets with weight 0 are never stuck to. Null (with errors added) when the options are invalid.
     */
    public static StickyCookie create(String serviceName, CookieConfig config, List<String> keys, int[] weights,
                                      String path, List<ConfigError> errors) {
        return create(serviceName, config, keys.toArray(String[]::new), weights, null, path, errors);
    }

    private static StickyCookie create(String serviceName, CookieConfig config, String[] keys, int[] weights,
                                       List<Server> servers, String path, List<ConfigError> errors) {
        if (!validate(config, path, errors)) {
            return null;
        }
        String sameSite = sameSite(config.sameSite(), path + ".sameSite", errors);
        String cookiePath = config.path();
        String domain = config.domain() == null ? "" : config.domain();
        String name = config.name() == null || config.name().isEmpty() ? defaultName(serviceName) : sanitizeName(config.name());
        StringBuilder attributes = new StringBuilder();
        if (!cookiePath.isEmpty()) {
            attributes.append("; Path=").append(cookiePath);
        }
        if (!domain.isEmpty()) {
            attributes.append("; Domain=").append(domain.startsWith(".") ? domain.substring(1) : domain);
        }
        if (config.maxAge() > 0) {
            attributes.append("; Max-Age=").append(config.maxAge());
        } else if (config.maxAge() < 0) {
            attributes.append("; Max-Age=0");
        }
        if (config.httpOnly()) {
            attributes.append("; HttpOnly");
        }
        if (config.secure()) {
            attributes.append("; Secure");
        }
        if (sameSite != null) {
            attributes.append("; SameSite=").append(sameSite);
        }
        Map<String, Integer> byHash = new HashMap<>();
        Map<String, Integer> legacy = new HashMap<>();
        String[] setCookie = new String[keys.length];
        for (int i = 0; i < keys.length; i++) {
            String hash = hash(keys[i]);
            setCookie[i] = name + "=" + hash + attributes;
            if (weights[i] <= 0) {
                continue; // drained: its clients move, as in Traefik, where such a target is not in the sticky table
            }
            byHash.putIfAbsent(hash, i);
            legacy.putIfAbsent(keys[i], i);
            String fnv = fnv64(keys[i]);
            legacy.putIfAbsent(fnv, i);
            legacy.putIfAbsent(fnv64(fnv), i);
        }
        return new StickyCookie(name, Map.copyOf(byHash), Map.copyOf(legacy), setCookie, servers);
    }

    /**
     * Checks the options Traefik would write into a broken header (or silently drop); adds an error for each.
     *
     * @return whether the options are valid
     */
    public static boolean validate(CookieConfig config, String path, List<ConfigError> errors) {
        int before = errors.size();
        sameSite(config.sameSite(), path + ".sameSite", errors);
        if (!isPathValue(config.path())) {
            errors.add(new ConfigError(path + ".path", config.path(),
                    "must be printable ASCII without ';' (a cookie path such as /app)"));
        }
        String domain = config.domain() == null ? "" : config.domain();
        if (!domain.isEmpty() && !isDomain(domain)) {
            errors.add(new ConfigError(path + ".domain", domain,
                    "must be a domain name such as example.com (letters, digits, '-' and '.')"));
        }
        return errors.size() == before;
    }

    /** The cookie's name. */
    public String name() {
        return name;
    }

    /** The value that names a target's key: the first 16 hex characters of its SHA-256, as Traefik computes it. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Traefik's derived name: {@code _} and the first 5 hex characters of SHA-1 of {@code _TRAEFIK_BACKEND_<service>}. */
    public static String defaultName(String serviceName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1")
                    .digest(("_TRAEFIK_BACKEND_" + serviceName).getBytes(StandardCharsets.UTF_8));
            return ("_" + HexFormat.of().formatHex(digest)).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-1", e);
        }
    }

    /**
     * The target the request's cookie names, or null: no cookie, or a value no target of this service has.
     * {@link Lookup#rewrite()} says the value was written by an older Traefik and should be replaced.
     */
    public Lookup lookup(HttpServerExchange exchange) {
        String value = CookieHeader.value(exchange.getRequestHeaders(), name);
        if (value == null) {
            return null;
        }
        Integer index = byHash.get(value);
        boolean rewrite = index == null;
        if (rewrite) {
            index = legacy.get(value);
        }
        return index == null ? null : new Lookup(index, servers == null ? null : servers.get(index), rewrite);
    }

    /** The whole Set-Cookie header value that ties a client to {@code server}. */
    public String setCookie(Server server) {
        return setCookieByIndex[server.index()];
    }

    /** The whole Set-Cookie header value that ties a client to the target at {@code index}. */
    public String setCookie(int index) {
        return setCookieByIndex[index];
    }

    /**
     * A target a cookie named, and whether its value is an old form to replace.
     *
     * @param server the server, for a load balancer's cookie; null for keyed targets
     */
    public record Lookup(int index, Server server, boolean rewrite) {
    }

    // ---- validation, Traefik's rules ----

    private static String sameSite(String value, String path, List<ConfigError> errors) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> "None";
            case "lax" -> "Lax";
            case "strict" -> "Strict";
            default -> {
                errors.add(new ConfigError(path, value, "expected one of none, lax, strict"));
                yield null;
            }
        };
    }

    /** Traefik replaces every character that is not an RFC 2616 token character with {@code _}. */
    public static String sanitizeName(String name) {
        StringBuilder sanitized = new StringBuilder(name.length());
        name.codePoints().forEach(c -> sanitized.append(isTokenChar(c) ? (char) c : '_'));
        return sanitized.toString();
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^`|~".indexOf(c) >= 0;
    }

    private static boolean isPathValue(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c > 0x7e || c == ';') {
                return false;
            }
        }
        return true;
    }

    private static boolean isDomain(String domain) {
        String host = domain.startsWith(".") ? domain.substring(1) : domain;
        if (host.isEmpty() || host.length() > 253 || host.startsWith("-") || host.endsWith("-") || host.contains("..")) {
            return false;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Go's fnv.New64 (FNV-1, not 1a) as hex, the hash older Traefik versions put in sticky cookies. */
    static String fnv64(String input) {
        long h = 0xcbf29ce484222325L;
        for (byte b : input.getBytes(StandardCharsets.UTF_8)) {
            h = (h * 0x100000001b3L) ^ (b & 0xff);
        }
        return Long.toUnsignedString(h, 16);
    }
}
