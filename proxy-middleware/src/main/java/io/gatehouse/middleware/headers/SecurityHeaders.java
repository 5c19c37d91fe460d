package io.gatehouse.middleware.headers;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The security part of Traefik's headers middleware (unrolled/secure): the allowed-hosts check on the
 * request, and the security headers set on the response (replacing the backend's). Strict-Transport-Security
 * and Public-Key-Pins only go on HTTPS responses (TLS, or a matching sslProxyHeaders entry) unless forced,
 * and none of the host check, STS and HPKP apply with isDevelopment.
 */
final class SecurityHeaders {

    private static final HttpString STS = new HttpString("Strict-Transport-Security");
    private static final HttpString HPKP = new HttpString("Public-Key-Pins");

    private final boolean enabled;
    private final String[] allowedHosts;
    private final HttpString[] hostsProxyHeaders;
    private final HttpString[] sslProxyHeaderNames;
    private final String[] sslProxyHeaderValues;
    private final String sts;
    private final boolean forceSts;
    private final String publicKey;
    private final HttpString[] names;
    private final String[] values;

    SecurityHeaders(HeadersConfig config) {
        this.enabled = config.hasSecurity();
        boolean dev = config.isDevelopment();
        this.allowedHosts = dev ? new String[0] : config.allowedHosts().toArray(new String[0]);
        this.hostsProxyHeaders = config.hostsProxyHeaders().stream().map(HttpString::new).toArray(HttpString[]::new);
        this.sslProxyHeaderNames = new HttpString[config.sslProxyHeaders().size()];
        this.sslProxyHeaderValues = new String[config.sslProxyHeaders().size()];
        int i = 0;
        for (Map.Entry<String, String> e : config.sslProxyHeaders().entrySet()) {
            sslProxyHeaderNames[i] = new HttpString(e.getKey());
            sslProxyHeaderValues[i] = e.getValue();
            i++;
        }
        this.sts = config.stsSeconds() == 0 || dev ? null : "max-age=" + config.stsSeconds()
                + (config.stsIncludeSubdomains() ? "; includeSubDomains" : "") + (config.stsPreload() ? "; preload" : "");
        this.forceSts = config.forceSTSHeader();
        this.publicKey = config.publicKey().isEmpty() || dev ? null : config.publicKey();

        List<HttpString> n = new ArrayList<>();
        List<String> v = new ArrayList<>();
        if (!config.customFrameOptionsValue().isEmpty()) {
            n.add(new HttpString("X-Frame-Options"));
            v.add(config.customFrameOptionsValue());
        } else if (config.frameDeny()) {
            n.add(new HttpString("X-Frame-Options"));
            v.add("DENY");
        }
        if (config.contentTypeNosniff()) {
            n.add(new HttpString("X-Content-Type-Options"));
            v.add("nosniff");
        }
        if (!config.customBrowserXSSValue().isEmpty()) {
            n.add(new HttpString("X-XSS-Protection"));
            v.add(config.customBrowserXSSValue());
        } else if (config.browserXssFilter()) {
            n.add(new HttpString("X-XSS-Protection"));
            v.add("1; mode=block");
        }
        addIfSet(n, v, "Content-Security-Policy", config.contentSecurityPolicy());
        addIfSet(n, v, "Content-Security-Policy-Report-Only", config.contentSecurityPolicyReportOnly());
        addIfSet(n, v, "Referrer-Policy", config.referrerPolicy());
        addIfSet(n, v, "Feature-Policy", config.featurePolicy());
        addIfSet(n, v, "Permissions-Policy", config.permissionsPolicy());
        this.names = n.toArray(new HttpString[0]);
        this.values = v.toArray(new String[0]);
    }

    private static void addIfSet(List<HttpString> n, List<String> v, String name, String value) {
        if (!value.isEmpty()) {
            n.add(new HttpString(name));
            v.add(value);
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Refuses a host that is not allowed with unrolled/secure's answer (500 "Bad Host") and returns false. */
    boolean allowsHost(HttpServerExchange exchange) {
        if (allowedHosts.length == 0) {
            return true;
        }
        HeaderMap request = exchange.getRequestHeaders();
        String host = request.getFirst(Headers.HOST);
        for (HttpString header : hostsProxyHeaders) {
            String proxied = request.getFirst(header);
            if (proxied != null && !proxied.isEmpty()) {
                host = proxied;
                break;
            }
        }
        if (host != null) {
            for (String allowed : allowedHosts) {
                if (allowed.equalsIgnoreCase(host)) {
                    return true;
                }
            }
        }
        exchange.setStatusCode(500);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send("Bad Host\n");
        return false;
    }

    void applyToResponse(HttpServerExchange exchange) {
        HeaderMap response = exchange.getResponseHeaders();
        if (sts != null || publicKey != null) {
            boolean ssl = isSsl(exchange);
            if (sts != null && (ssl || forceSts)) {
                response.put(STS, sts);
            }
            if (publicKey != null && ssl) {
                response.put(HPKP, publicKey);
            }
        }
        for (int i = 0; i < names.length; i++) {
            response.put(names[i], values[i]);
        }
    }

    private boolean isSsl(HttpServerExchange exchange) {
        if ("https".equalsIgnoreCase(exchange.getRequestScheme())) {
            return true;
        }
        HeaderMap request = exchange.getRequestHeaders();
        for (int i = 0; i < sslProxyHeaderNames.length; i++) {
            String value = request.getFirst(sslProxyHeaderNames[i]);
            if (sslProxyHeaderValues[i].equals(value == null ? "" : value)) {
                return true;
            }
        }
        return false;
    }
}
