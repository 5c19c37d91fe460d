package io.gatehouse.middleware.errors;

import io.gatehouse.middleware.support.BufferSinkConduit;
import io.gatehouse.middleware.support.PipeRequest;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import org.xnio.conduits.StreamSinkConduit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Stands in for the backend's answer once its status is one the errors middleware serves a page for: the
 * backend's body is dropped; when the backend has finished, the page is fetched and written instead, with the
 * status the client must get. Until the page is there, flush() reports "not yet" and writes stay suspended, so
 * nothing blocks and nothing spins.
 */
final class ErrorPageConduit extends BufferSinkConduit {

    /** Framing headers belong to the connection; hop-by-hop ones to the page's own hop. */
    private static final Set<String> NOT_COPIED = Set.of("content-length", "transfer-encoding", "connection", "keep-alive",
            "te", "trailer", "upgrade", "proxy-connection");

    interface Fetcher {
        void fetch(HttpServerExchange exchange, java.util.function.Consumer<PipeRequest.Response> done);
    }

    private final HttpServerExchange exchange;
    private final int status;
    private final Fetcher fetcher;
    private boolean terminated;
    private volatile boolean ready;
    private ByteBuffer page;
    private boolean writesWanted;

    ErrorPageConduit(StreamSinkConduit next, HttpServerExchange exchange, int status, Fetcher fetcher) {
        super(next);
        this.exchange = exchange;
        this.status = status;
        this.fetcher = fetcher;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = src.remaining();
        src.position(src.limit()); // the backend's error body is replaced
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) {
        long n = 0;
        for (int i = offs; i < offs + len; i++) {
            n += write(srcs[i]);
        }
        return n;
    }

    @Override
    public void terminateWrites() {
        if (terminated) {
            return;
        }
        terminated = true;
        fetcher.fetch(exchange, fetched -> exchange.getIoThread().execute(() -> pageArrived(fetched)));
    }

    /** On the exchange's IO thread: the answer becomes the page, then whoever waits for flush() is woken. */
    private void pageArrived(PipeRequest.Response fetched) {
        HeaderMap headers = exchange.getResponseHeaders();
        List<HttpString> drop = new ArrayList<>();
        for (HeaderValues values : headers) {
            if (!NOT_COPIED.contains(values.getHeaderName().toString().toLowerCase(Locale.ROOT))) {
                drop.add(values.getHeaderName());
            }
        }
        drop.forEach(headers::remove);
        byte[] body;
        if (fetched == null) {
            body = (io.undertow.util.StatusCodes.getReason(status) + "\n").getBytes(StandardCharsets.US_ASCII);
            headers.put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        } else {
            for (HeaderValues header : fetched.headers()) {
                if (!NOT_COPIED.contains(header.getHeaderName().toString().toLowerCase(Locale.ROOT))) {
                    headers.addAll(header.getHeaderName(), header);
                }
            }
            body = fetched.body();
        }
        page = ByteBuffer.wrap(body); // the status was set when the answer was caught
        ready = true;
        if (writesWanted) {
            next.wakeupWrites();
        }
    }

    @Override
    public boolean flush() throws IOException {
        if (!terminated) {
            return next.flush();
        }
        if (!ready) {
            return false;
        }
        while (page.hasRemaining()) {
            if (next.write(page) == 0) {
                return false;
            }
        }
        if (!next.isWriteShutdown()) {
            next.terminateWrites();
        }
        return next.flush();
    }

    @Override
    public void resumeWrites() {
        if (terminated && !ready) {
            writesWanted = true; // woken when the page arrives
        } else {
            next.resumeWrites();
        }
    }

    @Override
    public void wakeupWrites() {
        if (terminated && !ready) {
            writesWanted = true;
        } else {
            next.wakeupWrites();
        }
    }

    @Override
    public void suspendWrites() {
        writesWanted = false;
        next.suspendWrites();
    }

    @Override
    public boolean isWriteResumed() {
        return terminated && !ready ? writesWanted : next.isWriteResumed();
    }

    @Override
    public void awaitWritable() throws IOException {
        if (terminated && !ready) {
            throw new IOException("the error page is fetched asynchronously; blocking writes are not supported");
        }
        next.awaitWritable();
    }

    @Override
    public void awaitWritable(long time, java.util.concurrent.TimeUnit timeUnit) throws IOException {
        awaitWritable();
    }
}
