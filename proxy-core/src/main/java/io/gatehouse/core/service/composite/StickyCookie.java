package io.gatehouse.core.service.composite;

import io.gatehouse.core.config.CookieConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The sticky cookie of a weighted service, as Traefik v3 writes it: the value is the first 16 hex digits of the
 * SHA-256 of the chosen child's name (never the name itself); the default cookie name is {@code _} and the first
 * 5 hex digits of the SHA-1 of {@code _TRAEFIK_BACKEND_<service>}.
 */
final class StickyCookie {

    private final String name;
    private final CookieConfig config;
    private final Map<String, Integer> byValue = new HashMap<>();
    private final String[] values;

    StickyCookie(String serviceName, CookieConfig config, List<String> childNames) {
        this.name = config.name() == null || config.name().isEmpty() ? defaultName(serviceName) : sanitize(config.name());
        this.config = config;
        this.values = new String[childNames.size()];
        for (int i = 0; i < childNames.size(); i++) {
            values[i] = hash(childNames.get(i));
            byValue.putIfAbsent(values[i], i);
        }
    }

    String name() {
        return name;
    }

    /** The child index the request's cookie names, or -1. */
    int read(HttpServerExchange exchange) {
        Cookie cookie = exchange.getRequestCookie(name);
        if (cookie == null || cookie.getValue() == null) {
            return -1;
        }
        Integer index = byValue.get(cookie.getValue());
        return index == null ? -1 : index;
    }

    void write(HttpServerExchange exchange, int child) {
        CookieImpl cookie = new CookieImpl(name, values[child]);
        cookie.setPath(config.path());
        if (config.domain() != null && !config.domain().isEmpty()) {
            cookie.setDomain(config.domain());
        }
        cookie.setHttpOnly(config.httpOnly());
        cookie.setSecure(config.secure());
        if (config.maxAge() != 0) {
            cookie.setMaxAge(Math.max(0, config.maxAge())); // negative: expire now, as Go writes Max-Age=0
        }
        if (config.sameSite() != null && !config.sameSite().isEmpty()) {
            String mode = config.sameSite().toLowerCase(java.util.Locale.ROOT);
            cookie.setSameSiteMode(switch (mode) {
                case "none" -> "None";
                case "lax" -> "Lax";
                case "strict" -> "Strict";
                default -> null;
            });
        }
        exchange.setResponseCookie(cookie);
    }

    static String hash(String childName) {
        return HexFormat.of().formatHex(digest("SHA-256", childName)).substring(0, 16);
    }

    static String defaultName(String serviceName) {
        return ("_" + HexFormat.of().formatHex(digest("SHA-1", "_TRAEFIK_BACKEND_" + serviceName))).substring(0, 6);
    }

    /** RFC 2616 token characters are kept, anything else becomes {@code _} (as Traefik). */
    static String sanitize(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^`|~".indexOf(c) >= 0;
            out.append(token ? c : '_');
        }
        return out.toString();
    }

    private static byte[] digest(String algorithm, String text) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JVM", e);
        }
    }
}
