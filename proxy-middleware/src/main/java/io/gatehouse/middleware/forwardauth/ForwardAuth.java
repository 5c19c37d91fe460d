package io.gatehouse.middleware.forwardauth;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.Connectors;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.ImmediatePooledByteBuffer;
import io.undertow.util.SameThreadExecutor;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Delegates authentication to an external server, as Traefik's forwardAuth. The call is asynchronous (JDK
 * HttpClient sendAsync): the IO thread is free while the auth server thinks, and the exchange resumes on its IO
 * thread when the answer arrives. Any failure to get an answer denies the request (500), never lets it through.
 */
public final class ForwardAuth implements Middleware {

    /** The user named by the auth answer's {@code headerField}, for access logs. */
    public static final AttachmentKey<String> AUTHENTICATED_USER = AttachmentKey.create(String.class);

    static final Duration TIMEOUT = Duration.ofSeconds(30); // Traefik's client timeout

    private static final HttpString X_FORWARDED_FOR = new HttpString("X-Forwarded-For");
    private static final HttpString X_FORWARDED_METHOD = new HttpString("X-Forwarded-Method");
    private static final HttpString X_FORWARDED_PROTO = new HttpString("X-Forwarded-Proto");
    private static final HttpString X_FORWARDED_HOST = new HttpString("X-Forwarded-Host");
    private static final HttpString X_FORWARDED_URI = new HttpString("X-Forwarded-Uri");
    /** Hop-by-hop headers, and the ones the JDK client sets itself and refuses to take. */
    private static final Set<String> NOT_SENT = Set.of("connection", "keep-alive", "te", "trailer", "trailers",
            "transfer-encoding", "upgrade", "host", "content-length", "expect", "proxy-connection", "http2-settings");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailer", "trailers",
            "transfer-encoding", "upgrade", "proxy-connection");

    private final URI address;
    private final HttpClient client;
    private final boolean trustForwardHeader;
    private final List<HttpString> authResponseHeaders;
    private final Pattern authResponseHeadersRegex;
    private final Set<String> authRequestHeaders; // lower case; empty = all
    private final Set<String> authCookies;
    private final boolean forwardBody;
    private final long maxBodySize;
    private final String headerField;
    private final boolean preserveRequestMethod;
    private final boolean preserveLocationHeader;

    /** @param path the option path for errors, e.g. {@code http.middlewares.m.forwardAuth} */
    public ForwardAuth(ForwardAuthConfig config, String path) throws ConfigException {
        this.address = address(config.address(), path + ".address");
        try {
            this.authResponseHeadersRegex = config.authResponseHeadersRegex() == null || config.authResponseHeadersRegex().isEmpty()
                    ? null : Pattern.compile(config.authResponseHeadersRegex());
        } catch (PatternSyntaxException e) {
            throw new ConfigException(path + ".authResponseHeadersRegex", config.authResponseHeadersRegex(),
                    "not a valid regular expression (Go RE2 syntax): " + e.getDescription());
        }
        List<HttpString> responseHeaders = new ArrayList<>();
        for (int i = 0; i < config.authResponseHeaders().size(); i++) {
            responseHeaders.add(headerName(config.authResponseHeaders().get(i), path + ".authResponseHeaders[" + i + "]"));
        }
        for (int i = 0; i < config.authRequestHeaders().size(); i++) {
            headerName(config.authRequestHeaders().get(i), path + ".authRequestHeaders[" + i + "]");
        }
        this.authResponseHeaders = List.copyOf(responseHeaders);
        this.authRequestHeaders = config.authRequestHeaders().stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.authCookies = Set.copyOf(config.addAuthCookiesToResponse());
        this.trustForwardHeader = config.trustForwardHeader();
        this.forwardBody = config.forwardBody();
        this.maxBodySize = config.maxBodySize();
        this.headerField = config.headerField() == null || config.headerField().isEmpty() ? null : config.headerField();
        this.preserveRequestMethod = config.preserveRequestMethod();
        this.preserveLocationHeader = config.preserveLocationHeader();
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).executor(CALLBACKS);
        if (config.tls() != null) {
            builder.sslContext(AuthClientTls.context(config.tls(), path + ".tls"));
        }
        this.client = builder.build();
    }

    /** Callbacks only hand the exchange back to its IO thread: a small shared daemon pool is enough. */
    private static final Executor CALLBACKS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "gatehouse-forwardauth");
        t.setDaemon(true);
        return t;
    });

    /** For code: {@code ForwardAuth.of("http://auth:9000/verify")}. */
    public static ForwardAuth of(String address) throws ConfigException {
        return new ForwardAuth(ForwardAuthConfig.address(address), "forwardAuth");
    }

    private static URI address(String text, String path) throws ConfigException {
        if (text == null || text.isBlank()) {
            throw new ConfigException(path, null, "the auth server's address is required, e.g. http://auth:9000/verify");
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ConfigException(path, text, "expected an http:// or https:// URL with a host");
            }
            if (uri.getPort() > 65535) {
                throw new ConfigException(path, text, "the port must be from 1 to 65535");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new ConfigException(path, text, "not a valid URL: " + e.getReason());
        }
    }

    private static HttpString headerName(String name, String path) throws ConfigException {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || !trimmed.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new ConfigException(path, name, "not a valid HTTP header name");
        }
        return new HttpString(trimmed);
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            boolean withBody = forwardBody && !(exchange.getRequestMethod().equalToString("CONNECT")
                    && exchange.getRequestContentLength() < 0);
            if (!withBody) {
                call(exchange, next, null);
                return;
            }
            long declared = exchange.getRequestContentLength();
            if (maxBodySize >= 0 && declared > maxBodySize) {
                PlainResponses.send(exchange, 401);
                return;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean[] tooLarge = {false};
            exchange.getRequestReceiver().receivePartialBytes((ex, data, last) -> {
                if (!tooLarge[0]) {
                    body.write(data, 0, data.length);
                    tooLarge[0] = maxBodySize >= 0 && body.size() > maxBodySize;
                }
                if (last) {
                    if (tooLarge[0]) {
                        PlainResponses.send(ex, 401);
                        return;
                    }
                    byte[] bytes = body.toByteArray();
                    if (bytes.length > 0) {
                        // The backend reads the same body again.
                        Connectors.ungetRequestBytes(ex, new ImmediatePooledByteBuffer(ByteBuffer.wrap(bytes)));
                        Connectors.resetRequestChannel(ex);
                    }
                    call(ex, next, bytes);
                }
            }, (ex, error) -> PlainResponses.send(ex, 400));
        };
    }

    private void call(HttpServerExchange exchange, HttpHandler next, byte[] body) {
        HttpRequest request;
        try {
            request = authRequest(exchange, body);
        } catch (IllegalArgumentException e) {
            PlainResponses.send(exchange, 500);
            return;
        }
        exchange.dispatch(SameThreadExecutor.INSTANCE, () -> client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .whenComplete((response, error) -> exchange.dispatch(exchange.getIoThread(),
                        (HttpHandler) ex -> answer(ex, next, response))));
    }

    HttpRequest authRequest(HttpServerExchange exchange, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(address).timeout(TIMEOUT);
        HeaderMap headers = exchange.getRequestHeaders();
        Set<String> connectionNamed = connectionTokens(headers.getFirst(Headers.CONNECTION));
        for (HeaderValues values : headers) {
            String lower = values.getHeaderName().toString().toLowerCase(Locale.ROOT);
            if (NOT_SENT.contains(lower) || connectionNamed.contains(lower)
                    || (!authRequestHeaders.isEmpty() && !authRequestHeaders.contains(lower))
                    || isComputed(lower)) {
                continue;
            }
            for (String value : values) {
                try {
                    request.header(values.getHeaderName().toString(), value);
                } catch (IllegalArgumentException refusedByTheClient) {
                    // a header the JDK client will not send (restricted name or value): left out
                }
            }
        }
        String peer = peerIp(exchange);
        String prior = trustForwardHeader ? joined(headers.get(X_FORWARDED_FOR)) : null;
        if (peer != null) {
            request.header("X-Forwarded-For", prior == null ? peer : prior + ", " + peer);
        }
        request.header("X-Forwarded-Method", trusted(headers, X_FORWARDED_METHOD, exchange.getRequestMethod().toString()));
        request.header("X-Forwarded-Proto", trusted(headers, X_FORWARDED_PROTO, exchange.getRequestScheme()));
        String host = headers.getFirst(Headers.HOST);
        String forwardedHost = trusted(headers, X_FORWARDED_HOST, host);
        if (forwardedHost != null && !forwardedHost.isEmpty()) {
            request.header("X-Forwarded-Host", forwardedHost);
        }
        String query = exchange.getQueryString();
        String uri = exchange.getRequestURI() + (query == null || query.isEmpty() ? "" : "?" + query);
        request.header("X-Forwarded-Uri", trusted(headers, X_FORWARDED_URI, uri));
        String method = preserveRequestMethod ? exchange.getRequestMethod().toString() : "GET";
        request.method(method, body == null || body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        return request.build();
    }

    /** X-Forwarded-For/-Method/-Proto/-Host/-Uri are computed below (from the client's when trusted). */
    private static boolean isComputed(String lower) {
        return lower.equals("x-forwarded-for") || lower.equals("x-forwarded-method") || lower.equals("x-forwarded-proto")
                || lower.equals("x-forwarded-host") || lower.equals("x-forwarded-uri");
    }

    private String trusted(HeaderMap headers, HttpString name, String computed) {
        String sent = trustForwardHeader ? headers.getFirst(name) : null;
        return sent != null && !sent.isEmpty() ? sent : computed;
    }

    private static String joined(HeaderValues values) {
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    private static String peerIp(HttpServerExchange exchange) {
        java.net.InetSocketAddress peer = exchange.getConnection().getPeerAddress(java.net.InetSocketAddress.class);
        return peer == null || peer.getAddress() == null ? null
                : io.gatehouse.core.net.IpLiterals.format(peer.getAddress().getAddress());
    }

    private static Set<String> connectionTokens(String connection) {
        if (connection == null || connection.isEmpty()) {
            return Set.of();
        }
        Set<String> tokens = new java.util.HashSet<>();
        for (String token : connection.split(",")) {
            tokens.add(token.trim().toLowerCase(Locale.ROOT));
        }
        return tokens;
    }

    /** On the exchange's IO thread again: let the request through, or answer with the auth server's response. */
    private void answer(HttpServerExchange exchange, HttpHandler next, HttpResponse<byte[]> response) throws Exception {
        if (response == null) {
            PlainResponses.send(exchange, 500); // unreachable, timed out, broken answer: denied
            return;
        }
        if (headerField != null) {
            response.headers().firstValue(headerField).ifPresent(user -> exchange.putAttachment(AUTHENTICATED_USER, user));
        }
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            deny(exchange, response);
            return;
        }
        HeaderMap request = exchange.getRequestHeaders();
        for (HttpString name : authResponseHeaders) {
            request.remove(name);
            List<String> values = response.headers().allValues(name.toString());
            if (!values.isEmpty()) {
                request.putAll(name, values);
            }
        }
        if (authResponseHeadersRegex != null) {
            List<HttpString> matching = new ArrayList<>();
            for (HeaderValues values : request) {
                if (authResponseHeadersRegex.matcher(canonical(values.getHeaderName().toString())).find()) {
                    matching.add(values.getHeaderName());
                }
            }
            matching.forEach(request::remove);
            for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
                if (!header.getKey().startsWith(":") && authResponseHeadersRegex.matcher(canonical(header.getKey())).find()) {
                    request.putAll(new HttpString(canonical(header.getKey())), header.getValue());
                }
            }
        }
        if (!authCookies.isEmpty()) {
            List<String> cookies = response.headers().allValues("set-cookie").stream()
                    .filter(c -> authCookies.contains(cookieName(c))).toList();
            if (!cookies.isEmpty()) {
                exchange.addResponseCommitListener(ex -> {
                    HeaderValues backend = ex.getResponseHeaders().get(Headers.SET_COOKIE);
                    if (backend != null) {
                        backend.removeIf(c -> authCookies.contains(cookieName(c)));
                    }
                    ex.getResponseHeaders().addAll(Headers.SET_COOKIE, cookies);
                });
            }
        }
        next.handleRequest(exchange);
    }

    private void deny(HttpServerExchange exchange, HttpResponse<byte[]> response) {
        HeaderMap out = exchange.getResponseHeaders();
        for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
            String lower = header.getKey().toLowerCase(Locale.ROOT);
            if (lower.startsWith(":") || HOP_BY_HOP.contains(lower) || lower.equals("content-length")
                    || lower.equals("location")) {
                continue;
            }
            out.putAll(new HttpString(header.getKey()), header.getValue());
        }
        response.headers().firstValue("location").ifPresent(location -> {
            String value = location;
            if (!preserveLocationHeader) {
                try {
                    value = address.resolve(location).toString(); // Go's Response.Location(): relative to the auth URL
                } catch (IllegalArgumentException e) {
                    value = null;
                }
            }
            if (value != null) {
                out.put(Headers.LOCATION, value);
            }
        });
        exchange.setStatusCode(response.statusCode());
        byte[] body = response.body();
        out.put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(body));
    }

    /** Go's http.CanonicalHeaderKey: "x-auth-user" -> "X-Auth-User". */
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

    private static String cookieName(String setCookie) {
        int eq = setCookie.indexOf('=');
        return (eq < 0 ? setCookie : setCookie.substring(0, eq)).trim();
    }
}
