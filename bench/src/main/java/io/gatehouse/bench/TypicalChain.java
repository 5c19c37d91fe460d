package io.gatehouse.bench;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.middleware.auth.BasicAuth;
import io.gatehouse.middleware.headers.Headers;
import io.gatehouse.middleware.headers.HeadersConfig;
import io.gatehouse.middleware.ipallowlist.IpAllowList;
import io.gatehouse.middleware.paths.StripPrefix;
import io.gatehouse.middleware.ratelimit.RateLimit;
import io.gatehouse.middleware.ratelimit.RateLimitConfig;
import io.undertow.server.HttpHandler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "five typical middlewares" of the performance target, configured so that every one of them does its
 * work and lets the request through: headers (one request header, one response header, two security headers),
 * stripPrefix {@value #PREFIX}, a rateLimit so generous it never limits, an ipAllowList admitting loopback and
 * the private ranges, and basicAuth for user {@value #USER}. Shared by the JMH benchmark and the load-test SUT.
 */
public final class TypicalChain {

    public static final String PREFIX = "/app";
    public static final String USER = "bench";
    public static final String PASSWORD = "bench-password";
    /** The Authorization header value a client must send. */
    public static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

    private TypicalChain() {
    }

    /**
     * The five middlewares in chain order, by name.
     *
     * @param htpasswdLine the basicAuth user line ({@code bench:<hash>}), e.g. from {@link #bcryptUser()}
     */
    public static Map<String, Middleware> middlewares(String htpasswdLine) throws ConfigException {
        Map<String, Middleware> chain = new LinkedHashMap<>();
        chain.put("headers", Headers.of(HeadersConfig.builder()
                .customRequestHeader("X-Bench", "chain")
                .customResponseHeader("X-Served-By", "gatehouse")
                .frameDeny(true)
                .contentTypeNosniff(true)
                .build()));
        chain.put("strip", StripPrefix.of(PREFIX));
        // 1e9 requests per second per client, burst 1e9: reserves a token and never waits or refuses.
        chain.put("ratelimit", RateLimit.of(RateLimitConfig.of(1_000_000_000L, Duration.ofSeconds(1))
                .withBurst(1_000_000_000L)));
        chain.put("allow", IpAllowList.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"));
        chain.put("auth", BasicAuth.of(htpasswdLine));
        return chain;
    }

    /** {@code next} wrapped by the middlewares, the first of them outermost (the order a router lists them). */
    public static HttpHandler wrap(Map<String, Middleware> middlewares, HttpHandler next) {
        List<Middleware> list = List.copyOf(middlewares.values());
        HttpHandler handler = next;
        for (int i = list.size() - 1; i >= 0; i--) {
            handler = list.get(i).wrap(handler);
        }
        return handler;
    }

    /** The user line with a bcrypt hash (cost 5) of {@link #PASSWORD}, as htpasswd -B would write it. */
    public static String bcryptUser() {
        return USER + ":" + at.favre.lib.crypto.bcrypt.BCrypt.with(at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2Y)
                .hashToString(5, PASSWORD.toCharArray());
    }
}
