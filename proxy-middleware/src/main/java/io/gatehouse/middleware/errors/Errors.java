package io.gatehouse.middleware.errors;

import io.gatehouse.middleware.support.PipeRequest;

import io.gatehouse.core.http.StatusRanges;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Custom error pages, as Traefik's errors middleware: when the answer's status is in {@code status}, its body is
 * replaced by the page that {@code service} serves for {@code query} (a GET with the request's headers), sent with
 * the original status, or the one {@code statusRewrites} maps it to. The page is fetched without blocking.
 */
public final class Errors implements Middleware {

    /** Largest error page kept (a larger one fails, and the plain status text is sent). */
    static final int MAX_PAGE = 1024 * 1024;

    private final StatusRanges ranges;
    private final HttpHandler service;
    private final String query;
    private final List<int[]> rewriteRanges;
    private final int[] rewriteTo;
    private final java.util.Set<String> requestHeaders; // lower case; null = all

    /** @param path the option path for errors, e.g. {@code http.middlewares.m.errors} */
    public Errors(ErrorsConfig config, MiddlewareContext ctx, String path) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        StatusRanges parsed = null;
        if (config.status().isEmpty()) {
            errors.add(new ConfigError(path + ".status", null, "give the statuses that get an error page, e.g. 500-599"));
        } else {
            parsed = statuses(config.status(), path + ".status", errors);
        }
        List<int[]> rewrites = new ArrayList<>();
        List<Integer> targets = new ArrayList<>();
        for (Map.Entry<String, Integer> rewrite : config.statusRewrites().entrySet()) {
            String at = path + ".statusRewrites." + rewrite.getKey();
            String problem = commaListProblem(rewrite.getKey());
            Integer to = rewrite.getValue();
            if (problem != null) {
                errors.add(new ConfigError(at, rewrite.getKey(), problem));
            } else if (to == null || to < 100 || to > 599) {
                errors.add(new ConfigError(at, String.valueOf(to), "the new status must be from 100 to 599"));
            } else {
                for (String part : rewrite.getKey().split(",", -1)) {
                    rewrites.add(StatusRanges.range(part));
                    targets.add(to);
                }
            }
        }
        HttpHandler resolved = null;
        if (config.service() == null || config.service().isBlank()) {
            errors.add(new ConfigError(path + ".service", null, "the service that serves the error pages is required"));
        } else {
            try {
                resolved = ctx.service(config.service());
            } catch (ConfigException e) {
                errors.addAll(e.errors());
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        this.ranges = parsed;
        this.service = resolved;
        this.query = config.query() == null || config.query().isEmpty() ? "" : "/" + stripLeadingSlash(config.query());
        this.rewriteRanges = List.copyOf(rewrites);
        this.rewriteTo = targets.stream().mapToInt(Integer::intValue).toArray();
        this.requestHeaders = config.errorRequestHeaders() == null ? null : config.errorRequestHeaders().stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static String stripLeadingSlash(String query) {
        return query.startsWith("/") ? query.substring(1) : query;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            exchange.addResponseWrapper((factory, ex) -> {
                int original = ex.getStatusCode();
                if (!ranges.contains(original)) {
                    return factory.create();
                }
                int status = rewritten(original);
                // The page's length is not known yet: let the connection choose its framing without it.
                ex.getResponseHeaders().remove(Headers.CONTENT_LENGTH);
                ex.setStatusCode(status); // still allowed here: the response starts once the conduits exist
                return new ErrorPageConduit(factory.create(), ex, status, (e, done) -> fetch(e, original, status, done));
            });
            next.handleRequest(exchange);
        };
    }

    private int rewritten(int status) {
        for (int i = 0; i < rewriteRanges.size(); i++) {
            if (status >= rewriteRanges.get(i)[0] && status <= rewriteRanges.get(i)[1]) {
                return rewriteTo[i];
            }
        }
        return status;
    }

    private void fetch(HttpServerExchange exchange, int original, int status, Consumer<PipeRequest.Response> done) {
        PipeRequest.send(exchange.getConnection().getWorker(), exchange.getConnection().getByteBufferPool(), service,
                pageRequest(exchange, original, status), MAX_PAGE, done);
    }

    /** GET {query} with the original request's headers (or the errorRequestHeaders ones) and Host, as Traefik builds it. */
    byte[] pageRequest(HttpServerExchange exchange, int original, int status) {
        String target = query.isEmpty() ? "/" : query
                .replace("{status}", Integer.toString(status))
                .replace("{originalStatus}", Integer.toString(original))
                .replace("{url}", queryEscape(requestTarget(exchange)));
        StringBuilder request = new StringBuilder(256).append("GET ").append(target).append(" HTTP/1.1\r\n");
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        request.append("Host: ").append(host == null ? "localhost" : host).append("\r\n");
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String name = values.getHeaderName().toString();
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host") || lower.equals("content-length") || lower.equals("transfer-encoding")
                    || lower.equals("connection") || lower.equals("expect") || lower.equals("upgrade")
                    || (requestHeaders != null && !requestHeaders.contains(lower))) {
                continue;
            }
            for (String value : values) {
                request.append(name).append(": ").append(value).append("\r\n");
            }
        }
        request.append("Connection: close\r\n\r\n");
        return request.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String requestTarget(HttpServerExchange exchange) {
        String q = exchange.getQueryString();
        return exchange.getRequestURI() + (q == null || q.isEmpty() ? "" : "?" + q);
    }

    /** Go's url.QueryEscape. */
    static String queryEscape(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** The errors middleware also takes comma lists in one entry ({@code "404,418,500-599"}), as Traefik documents. */
    private static StatusRanges statuses(List<String> entries, String path, List<ConfigError> errors) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            String problem = commaListProblem(entry);
            if (problem != null) {
                errors.add(new ConfigError(path + "[" + i + "]", entry, problem));
            } else {
                parts.addAll(List.of(entry.split(",", -1)));
            }
        }
        return StatusRanges.parse(parts);
    }

    private static String commaListProblem(String entry) {
        for (String part : (entry == null ? "" : entry).split(",", -1)) {
            String problem = StatusRanges.problem(part);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }
}
