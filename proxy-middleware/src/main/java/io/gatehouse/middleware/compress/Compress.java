package io.gatehouse.middleware.compress;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Traefik's {@code compress}: gzip (JDK), br (brotli4j) and zstd (zstd-jni) chosen from Accept-Encoding.
 * Never for HEAD, 1xx/204/304/206 responses, already encoded bodies, gRPC or server-sent events
 * (text/event-stream is streamed as it is), excluded or not-included types, or bodies smaller than
 * minResponseBodyBytes. Adds {@code Vary: Accept-Encoding} to every response it could have compressed.
 */
public final class Compress implements Middleware {

    private static final Logger LOG = LoggerFactory.getLogger(Compress.class);
    /** Never compressed: gRPC frames its own messages (Traefik), SSE must stream (Traefik excludes it by request). */
    private static final List<MediaType> ALWAYS_EXCLUDED = List.of(
            MediaType.parse("application/grpc"), MediaType.parse("text/event-stream"));

    private final CompressConfig config;
    private final Encoding[] offered;
    private final Encoding defaultEncoding;
    private final int minSize;
    private final List<MediaType> included;
    private final List<MediaType> excluded;

    public Compress(CompressConfig config) {
        this.config = config;
        List<Encoding> encodings = new ArrayList<>();
        for (String token : config.encodings()) {
            Encoding e = Encoding.of(token);
            if (e.available()) {
                encodings.add(e);
            } else {
                LOG.warn("compress: the '{}' encoder cannot be loaded on this platform; it is not offered", token);
            }
        }
        this.offered = encodings.toArray(new Encoding[0]);
        Encoding fallback = config.defaultEncoding() == null ? null : Encoding.of(config.defaultEncoding());
        this.defaultEncoding = encodings.contains(fallback) ? fallback : null;
        this.minSize = (int) config.minResponseBodyBytes();
        this.included = config.includedContentTypes().stream().map(MediaType::parse).toList();
        List<MediaType> ex = new ArrayList<>(ALWAYS_EXCLUDED);
        config.excludedContentTypes().stream().map(MediaType::parse).forEach(ex::add);
        this.excluded = List.copyOf(ex);
    }

    /** Traefik's defaults: gzip, br, zstd for bodies of 1024 bytes or more. */
    public static Compress of() {
        return new Compress(CompressConfig.DEFAULTS);
    }

    public static Compress of(CompressConfig config) {
        return new Compress(config);
    }

    public CompressConfig config() {
        return config;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            if (offered.length > 0 && !exchange.getRequestMethod().equals(Methods.HEAD) && !requestExcluded(exchange)) {
                HeaderValues accept = exchange.getRequestHeaders().get(Headers.ACCEPT_ENCODING);
                Encoding chosen = accept == null ? defaultEncoding : AcceptEncoding.choose(accept, offered, defaultEncoding);
                exchange.addResponseWrapper((factory, ex) -> {
                    if (!compressible(ex)) {
                        return factory.create();
                    }
                    addVary(ex.getResponseHeaders());
                    HeaderMap headers = ex.getResponseHeaders();
                    long length = contentLength(headers);
                    if (chosen == null || length >= 0 && length < minSize) {
                        return factory.create();
                    }
                    if (length >= 0) {
                        // the framing is chosen when the next conduit is created: switch the headers first
                        headers.remove(Headers.CONTENT_LENGTH);
                        headers.put(Headers.CONTENT_ENCODING, chosen.token);
                    }
                    try {
                        return new CompressingConduit(factory.create(), ex, chosen, minSize, length >= 0);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
            next.handleRequest(exchange);
        };
    }

    /** Traefik skips requests whose own Content-Type is excluded (e.g. a gRPC call). */
    private boolean requestExcluded(HttpServerExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE);
        MediaType media = type == null ? null : MediaType.parse(type);
        return media != null && excluded.stream().anyMatch(e -> e.matches(media));
    }

    private boolean compressible(HttpServerExchange exchange) {
        int status = exchange.getStatusCode();
        if (status < 200 || status == 204 || status == 206 || status == 304) {
            return false;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        String coding = headers.getFirst(Headers.CONTENT_ENCODING);
        if (coding != null && !coding.equalsIgnoreCase("identity") || headers.contains(Headers.CONTENT_RANGE)) {
            return false;
        }
        String type = headers.getFirst(Headers.CONTENT_TYPE);
        MediaType media = type == null ? null : MediaType.parse(type);
        if (!included.isEmpty()) {
            return media != null && included.stream().anyMatch(i -> i.matches(media));
        }
        return media == null || excluded.stream().noneMatch(e -> e.matches(media));
    }

    /** The response's Content-Length, or -1 when it has none (or a broken one). */
    private static long contentLength(HeaderMap headers) {
        String length = headers.getFirst(Headers.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void addVary(HeaderMap headers) {
        HeaderValues vary = headers.get(Headers.VARY);
        if (vary != null) {
            for (String value : vary) {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.contains("accept-encoding") || v.trim().equals("*")) {
                    return;
                }
            }
        }
        headers.add(Headers.VARY, "Accept-Encoding");
    }
}
