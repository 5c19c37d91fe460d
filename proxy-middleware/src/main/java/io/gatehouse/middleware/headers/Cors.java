package io.gatehouse.middleware.headers;

import io.gatehouse.middleware.support.GoRegex;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

/**
 * Traefik's CORS handling: a preflight (OPTIONS with Origin and Access-Control-Request-Method) is
 * answered by the proxy with 200; other responses get Access-Control-Allow-Origin for an allowed
 * origin, the credentials and expose headers, and Origin added to Vary.
 */
final class Cors {

    static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    static final HttpString EXPOSE_HEADERS = new HttpString("Access-Control-Expose-Headers");
    static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");

    private final boolean enabled;
    private final boolean allowCredentials;
    private final String allowHeaders;
    private final String allowMethods;
    private final String[] originList;
    private final GoRegex[] originRegexes;
    private final String exposeHeaders;
    private final String maxAge;
    private final boolean addVary;

    Cors(HeadersConfig config) {
        this.enabled = config.hasCors();
        this.allowCredentials = config.accessControlAllowCredentials();
        this.allowHeaders = String.join(",", config.accessControlAllowHeaders());
        this.allowMethods = String.join(",", config.accessControlAllowMethods());
        this.originList = config.accessControlAllowOriginList().toArray(new String[0]);
        this.originRegexes = new GoRegex[config.accessControlAllowOriginListRegex().size()];
        for (int i = 0; i < originRegexes.length; i++) {
            originRegexes[i] = GoRegex.compile("accessControlAllowOriginListRegex[" + i + "]",
                    config.accessControlAllowOriginListRegex().get(i));
        }
        this.exposeHeaders = String.join(",", config.accessControlExposeHeaders());
        this.maxAge = Long.toString(config.accessControlMaxAge());
        this.addVary = config.addVaryHeader();
    }

    /** Whether ordinary responses get any CORS header. */
    boolean touchesResponses() {
        return originList.length > 0 || originRegexes.length > 0 || allowCredentials || !exposeHeaders.isEmpty() || addVary;
    }

    /** Answers a preflight request and returns true, or returns false for any other request. */
    boolean answeredPreflight(HttpServerExchange exchange) {
        if (!enabled || !Methods.OPTIONS.equals(exchange.getRequestMethod())) {
            return false;
        }
        HeaderMap request = exchange.getRequestHeaders();
        String origin = request.getFirst(Headers.ORIGIN);
        String method = request.getFirst(REQUEST_METHOD);
        if (origin == null || origin.isEmpty() || method == null || method.isEmpty()) {
            return false;
        }
        HeaderMap response = exchange.getResponseHeaders();
        if (allowCredentials) {
            response.put(ALLOW_CREDENTIALS, "true");
        }
        if (!allowHeaders.isEmpty()) {
            response.put(ALLOW_HEADERS, allowHeaders);
        }
        if (!allowMethods.isEmpty()) {
            response.put(ALLOW_METHODS, allowMethods);
        }
        String allowed = allowedOrigin(origin);
        if (allowed != null) {
            response.put(ALLOW_ORIGIN, allowed);
        }
        response.put(MAX_AGE, maxAge);
        exchange.setStatusCode(200);
        response.put(Headers.CONTENT_LENGTH, 0);
        exchange.endExchange();
        return true;
    }

    /** The CORS part of every other response, as Traefik's PostRequestModifyResponseHeaders. */
    void applyToResponse(HttpServerExchange exchange) {
        HeaderMap response = exchange.getResponseHeaders();
        String origin = exchange.getRequestHeaders().getFirst(Headers.ORIGIN);
        String allowed = allowedOrigin(origin == null ? "" : origin);
        if (allowed != null) {
            response.put(ALLOW_ORIGIN, allowed);
        }
        if (allowCredentials) {
            response.put(ALLOW_CREDENTIALS, "true");
        }
        if (!exposeHeaders.isEmpty()) {
            response.put(EXPOSE_HEADERS, exposeHeaders);
        }
        if (addVary) {
            String vary = response.getFirst(Headers.VARY);
            if (!"Origin".equals(vary)) {
                response.put(Headers.VARY, vary == null || vary.isEmpty() ? "Origin" : vary + ",Origin");
            }
        }
    }

    /** Traefik's isOriginAllowed: "*" or an equal list entry gives that entry; a matching regex gives the origin. */
    private String allowedOrigin(String origin) {
        for (String item : originList) {
            if (item.equals("*") || item.equals(origin)) {
                return item;
            }
        }
        for (GoRegex regex : originRegexes) {
            if (regex.find(origin)) {
                return origin;
            }
        }
        return null;
    }
}
