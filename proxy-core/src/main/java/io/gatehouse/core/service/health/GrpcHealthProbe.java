package io.gatehouse.core.service.health;

import io.gatehouse.core.proxy.BackendTransport;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.xnio.channels.StreamSourceChannel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/**
 * One active check of one server in grpc mode: the gRPC health protocol's {@code grpc.health.v1.Health/Check}
 * for the whole server (service ""), as Traefik asks, over HTTP/2 (h2c with prior knowledge, or TLS with ALPN
 * h2). Up only when the call succeeds (HTTP 200, grpc-status 0) with one HealthCheckResponse saying SERVING.
 * The connection, timeout and verdict are {@link Probe}'s; the response is read by hand and bounded.
 */
final class GrpcHealthProbe extends Probe {

    static final String PATH = "/grpc.health.v1.Health/Check";

    /** A HealthCheckResponse is a few bytes; more than this is not one. */
    static final int MAX_BODY = 4096;

    private static final byte[] REQUEST = GrpcHealthMessages.request("");
    private static final HttpString TE = new HttpString("te");
    private static final HttpString GRPC_STATUS = new HttpString("grpc-status");
    private static final HttpString GRPC_MESSAGE = new HttpString("grpc-message");
    private static final String[] CODES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
            "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
            "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private ByteBuffer body;

    GrpcHealthProbe(HealthCheckSpec spec, BackendTransport transport, HealthWorker worker, CheckTarget target,
                    Verdict verdict) {
        super(spec, transport, worker, target, verdict);
    }

    @Override
    boolean http2() {
        return true;
    }

    @Override
    String describe() {
        String scheme = "https".equals(target.connect().getScheme()) ? "https" : "h2c";
        return "grpc " + scheme + "://" + target.authority() + PATH;
    }

    @Override
    void send(ClientConnection connection) {
        if (!connection.isMultiplexingSupported()) {
            finish(false, "got HTTP/1.1 where gRPC needs HTTP/2 (the server did not accept ALPN h2)");
            return;
        }
        ClientRequest request = new ClientRequest().setMethod(Methods.POST).setPath(PATH);
        HeaderMap headers = request.getRequestHeaders();
        // the configured headers first: the protocol's own cannot be replaced by them
        for (Map.Entry<String, String> header : spec.headers().entrySet()) {
            headers.put(new HttpString(header.getKey()), header.getValue());
        }
        headers.put(Headers.HOST, spec.hostname() != null ? spec.hostname() : target.authority());
        headers.put(Headers.CONTENT_TYPE, "application/grpc");
        headers.put(TE, "trailers");
        headers.put(Headers.CONTENT_LENGTH, REQUEST.length);
        exchange(connection, request, ByteBuffer.wrap(REQUEST));
    }

    @Override
    void onResponse(ClientExchange exchange) {
        if (finished()) {
            return;
        }
        int status = exchange.getResponse().getResponseCode();
        HeaderMap headers = exchange.getResponse().getResponseHeaders();
        if (status != 200) {
            finish(false, "answered HTTP " + status + ", expected 200 (a gRPC response)");
            return;
        }
        if (headers.contains(GRPC_STATUS)) {
            // trailers-only: a call that ended without a message
            String problem = callStatus(headers);
            finish(false, problem != null ? problem : "answered grpc-status 0 without a HealthCheckResponse");
            return;
        }
        String contentType = headers.getFirst(Headers.CONTENT_TYPE);
        if (!isGrpc(contentType)) {
            finish(false, "answered content-type " + printable(contentType) + ", expected application/grpc");
            return;
        }
        body = ByteBuffer.allocate(MAX_BODY);
        read(exchange, exchange.getResponseChannel());
    }

    private void read(ClientExchange exchange, StreamSourceChannel channel) {
        if (finished()) {
            channel.suspendReads(); // else a resumed channel with unread bytes calls back forever
            return;
        }
        try {
            while (true) {
                if (!body.hasRemaining()) {
                    channel.suspendReads();
                    finish(false, "answered a body longer than " + MAX_BODY + " bytes, not a HealthCheckResponse");
                    return;
                }
                int read = channel.read(body);
                if (read == -1) {
                    channel.suspendReads();
                    onBody(exchange);
                    return;
                }
                if (read == 0) {
                    channel.getReadSetter().set(c -> read(exchange, channel));
                    channel.resumeReads();
                    return;
                }
            }
        } catch (IOException e) {
            channel.suspendReads();
            finish(false, "the response broke off: " + message(e));
        }
    }

    private void onBody(ClientExchange exchange) {
        // Undertow's HTTP/2 client files the response's trailers under REQUEST_TRAILERS
        HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
        if (trailers == null) {
            trailers = exchange.getAttachment(HttpAttachments.RESPONSE_TRAILERS);
        }
        if (trailers == null || !trailers.contains(GRPC_STATUS)) {
            finish(false, "answered without a grpc-status trailer");
            return;
        }
        String problem = callStatus(trailers);
        if (problem != null) {
            finish(false, problem);
            return;
        }
        body.flip();
        int serving;
        try {
            serving = GrpcHealthMessages.status(body);
        } catch (GrpcHealthMessages.Malformed e) {
            finish(false, "answered " + e.getMessage() + ", not a HealthCheckResponse");
            return;
        }
        if (serving == GrpcHealthMessages.SERVING) {
            finish(true, "answered SERVING");
        } else {
            finish(false, "answered " + GrpcHealthMessages.statusName(serving) + ", expected SERVING");
        }
    }

    /** Null for grpc-status 0; else what the status and grpc-message say. */
    private static String callStatus(HeaderMap fields) {
        String value = fields.getFirst(GRPC_STATUS);
        int code;
        try {
            code = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return "answered grpc-status " + printable(value) + ", not a status code";
        }
        if (code == 0) {
            return null;
        }
        String name = code > 0 && code < CODES.length ? " (" + CODES[code] + ")" : "";
        String detail = code == 12 ? ": the server does not implement the gRPC health protocol" : "";
        String message = fields.getFirst(GRPC_MESSAGE);
        return "answered grpc-status " + code + name + detail
                + (message == null || message.isEmpty() ? "" : ": " + printable(message));
    }

    private static boolean isGrpc(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.equals("application/grpc") || type.startsWith("application/grpc+")
                || type.startsWith("application/grpc;");
    }

    /** A peer's text for a message: printable ASCII only, at most 200 characters. */
    static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), 200) + 3);
        for (int i = 0; i < text.length() && out.length() < 200; i++) {
            char c = text.charAt(i);
            out.append(c >= ' ' && c < 0x7f ? c : '?');
        }
        return text.length() > 200 ? out.append("...").toString() : out.toString();
    }
}
