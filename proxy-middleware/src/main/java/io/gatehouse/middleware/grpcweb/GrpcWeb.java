package io.gatehouse.middleware.grpcweb;

import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.Methods;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Translates gRPC-Web requests into gRPC for the backend, as Traefik does with improbable-eng's grpcweb wrapper:
 * {@code application/grpc-web[-text][+proto]} POSTs become {@code application/grpc...} requests (a -text body is
 * base64-decoded), the answer's content type is mapped back, its HTTP trailers become a gRPC-Web trailer frame at
 * the end of the body (base64-encoded with the body for -text), and CORS preflights ({@code x-grpc-web} among the
 * requested headers) are answered here with rs/cors's rules. Other requests pass through unchanged.
 */
public final class GrpcWeb implements Middleware {

    static final String GRPC = "application/grpc";
    static final String GRPC_WEB = "application/grpc-web";
    static final String GRPC_WEB_TEXT = "application/grpc-web-text";
    private static final Set<String> CORS_METHODS = Set.of("GET", "POST", "HEAD"); // rs/cors defaults
    private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
    private static final HttpString ALLOW_CREDENTIALS = new HttpString("Access-Control-Allow-Credentials");
    private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
    private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
    private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");
    private static final HttpString REQUEST_METHOD = new HttpString("Access-Control-Request-Method");
    private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
    /** Largest grpc-web-text request body decoded in memory (browsers only send unary requests). */
    static final int MAX_TEXT_BODY = 16 * 1024 * 1024;

    private final boolean anyOrigin;
    private final Set<String> origins;

    public GrpcWeb(GrpcWebConfig config) {
        this.anyOrigin = config.allowOrigins().contains("*");
        this.origins = Set.copyOf(config.allowOrigins());
    }

    /** For code: {@code GrpcWeb.allowing("https://app.example.com")}. */
    public static GrpcWeb allowing(String... origins) {
        return new GrpcWeb(new GrpcWebConfig(List.of(origins)));
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            String contentType = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
            if (exchange.getRequestMethod().equals(Methods.POST) && contentType != null && contentType.startsWith(GRPC_WEB)) {
                translate(exchange, next, contentType);
            } else if (exchange.getRequestMethod().equals(Methods.OPTIONS) && requestsGrpcWebHeader(exchange)) {
                preflight(exchange);
            } else {
                next.handleRequest(exchange);
            }
        };
    }

    private static boolean requestsGrpcWebHeader(HttpServerExchange exchange) {
        String requested = exchange.getRequestHeaders().getFirst(REQUEST_HEADERS);
        return requested != null && requested.toLowerCase(Locale.ROOT).contains("x-grpc-web");
    }

    private boolean originAllowed(String origin) {
        return anyOrigin || origins.contains(origin);
    }

    /** rs/cors's preflight answer: 204, CORS headers only for an allowed origin and method. */
    private void preflight(HttpServerExchange exchange) {
        HeaderMap in = exchange.getRequestHeaders();
        HeaderMap out = exchange.getResponseHeaders();
        out.add(Headers.VARY, "Origin");
        out.add(Headers.VARY, "Access-Control-Request-Method");
        out.add(Headers.VARY, "Access-Control-Request-Headers");
        String origin = in.getFirst(Headers.ORIGIN);
        String method = in.getFirst(REQUEST_METHOD);
        if (origin != null && !origin.isEmpty() && originAllowed(origin) && method != null
                && CORS_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            out.put(ALLOW_ORIGIN, origin);
            out.put(ALLOW_METHODS, method.toUpperCase(Locale.ROOT));
            List<String> headers = java.util.Arrays.stream(in.getFirst(REQUEST_HEADERS).split(","))
                    .map(String::trim).filter(h -> !h.isEmpty()).map(GrpcWeb::canonical).toList();
            if (!headers.isEmpty()) {
                out.put(ALLOW_HEADERS, String.join(", ", headers));
            }
            out.put(ALLOW_CREDENTIALS, "true");
            out.put(MAX_AGE, "600");
        }
        exchange.setStatusCode(204);
        exchange.endExchange();
    }

    private void translate(HttpServerExchange exchange, HttpHandler next, String contentType) throws Exception {
        boolean text = contentType.startsWith(GRPC_WEB_TEXT);
        HeaderMap in = exchange.getRequestHeaders();
        in.put(Headers.CONTENT_TYPE, GRPC + contentType.substring(text ? GRPC_WEB_TEXT.length() : GRPC_WEB.length()));
        exchange.getResponseHeaders().add(Headers.VARY, "Origin");
        String origin = in.getFirst(Headers.ORIGIN);
        if (origin != null && !origin.isEmpty() && originAllowed(origin)) {
            exchange.getResponseHeaders().put(ALLOW_ORIGIN, origin);
            exchange.getResponseHeaders().put(ALLOW_CREDENTIALS, "true");
        }
        exchange.addResponseWrapper((factory, ex) -> GrpcWebResponseConduit.wrap(factory, ex, text));
        if (!text) {
            in.remove(Headers.CONTENT_LENGTH); // HTTP/1.1 framing, not the gRPC stream's: as improbable-eng
            next.handleRequest(exchange);
            return;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > MAX_TEXT_BODY) {
            PlainResponses.send(exchange, 413);
            return;
        }
        exchange.getRequestReceiver().setMaxBufferSize(MAX_TEXT_BODY);
        exchange.getRequestReceiver().receiveFullBytes((ex, body) -> {
            byte[] decoded = decodeChunks(body);
            if (decoded == null) {
                PlainResponses.send(ex, 400);
                return;
            }
            ex.getRequestHeaders().remove(Headers.CONTENT_LENGTH);
            if (decoded.length > 0) {
                Connectors.ungetRequestBytes(ex, new ImmediatePooledByteBuffer(ByteBuffer.wrap(decoded)));
            }
            Connectors.resetRequestChannel(ex);
            try {
                next.handleRequest(ex);
            } catch (Exception e) {
                PlainResponses.send(ex, 500);
            }
        }, (ex, error) -> PlainResponses.send(ex, error instanceof io.undertow.server.RequestTooBigException ? 413 : 400));
    }

    /** Base64 that may be several padded chunks one after the other (clients send one per message); null if invalid. */
    static byte[] decodeChunks(byte[] text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length * 3 / 4);
        int start = 0;
        try {
            while (start < text.length) {
                int end = start;
                while (end < text.length && text[end] != '=') {
                    end++;
                }
                while (end < text.length && text[end] == '=') {
                    end++;
                }
                if ((end - start) % 4 != 0) {
                    return null; // every chunk is padded standard base64; Java's decoder would take it unpadded
                }
                out.writeBytes(Base64.getDecoder().decode(java.util.Arrays.copyOfRange(text, start, end)));
                start = end;
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        return out.toByteArray();
    }

    /** Go's http.CanonicalHeaderKey. */
    static String canonical(String name) {
        char[] chars = name.toCharArray();
        boolean upper = true;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c == ' ' || c > 0x7e) {
                return name;
            }
            chars[i] = upper ? Character.toUpperCase(c) : Character.toLowerCase(c);
            upper = c == '-';
        }
        return new String(chars);
    }
}
