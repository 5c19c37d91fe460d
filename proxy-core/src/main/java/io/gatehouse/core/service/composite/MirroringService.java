package io.gatehouse.core.service.composite;

import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code http.services.<name>.mirroring}: the client gets the main service's response; each mirror gets a copy of
 * about {@code percent}% of the requests (deterministically: the n-th request goes to a mirror when fewer than
 * n × percent / 100 went there before, as Traefik counts) and its response is thrown away.
 *
 * <p>Mirrored requests never touch the client exchange: they are sent by a separate asynchronous HTTP client
 * ({@link MirrorClient}) to the mirror's servers, so a slow, stuck or failing mirror cannot delay or change the
 * main response. Each mirror has at most {@link #DEFAULT_MAX_IN_FLIGHT} requests in flight; beyond, copies are
 * dropped (counted), and each copy gives up after {@link #MIRROR_TIMEOUT}: a stuck mirror holds bounded memory.
 * Request bodies are copied (up to {@code maxBodySize}) only when some mirror takes the request; a larger body is
 * not mirrored at all, as Traefik.
 */
public final class MirroringService implements ServiceHandler {

    /** Copies in flight per mirror before further copies are dropped. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 128;
    /** How long a mirror has to answer a copy. */
    public static final Duration MIRROR_TIMEOUT = Duration.ofSeconds(30);

    /** Hop-by-hop headers and those the client sets itself. */
    private static final Set<String> NOT_COPIED = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "http2-settings", "x-forwarded-for");

    private final String name;
    private final Child main;
    private final Mirror[] mirrors;
    private final boolean mirrorBody;
    private final long maxBodySize;
    private final boolean healthCheck;
    private final AtomicLong total = new AtomicLong();

    MirroringService(String name, Child main, List<Mirror> mirrors, boolean mirrorBody, long maxBodySize,
                     boolean healthCheck) {
        this.name = name;
        this.main = main;
        this.mirrors = mirrors.toArray(Mirror[]::new);
        this.mirrorBody = mirrorBody;
        this.maxBodySize = maxBodySize;
        this.healthCheck = healthCheck;
    }

    /** One mirror: where copies go, its share, and its counters. */
    static final class Mirror {
        private final MirrorTarget target;
        private final int percent;
        private final int maxInFlight;
        private final AtomicLong taken = new AtomicLong();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final LongAdder completed = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final LongAdder dropped = new LongAdder();

        Mirror(MirrorTarget target, int percent, int maxInFlight) {
            this.target = target;
            this.percent = percent;
            this.maxInFlight = maxInFlight;
        }

        /** Whether request number {@code n} (from 1) is this mirror's: lock-free, exact over time. */
        boolean take(long n) {
            while (true) {
                long count = taken.get();
                if (count * 100 >= n * percent) {
                    return false;
                }
                if (taken.compareAndSet(count, count + 1)) {
                    return true;
                }
            }
        }
    }

    /** What a copy is made of, captured before the main service sees the exchange. */
    private record Copy(String method, String pathAndQuery, String[] headers, byte[] body) {
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        Mirror[] active = activeMirrors();
        if (active == null) {
            main.handler().handleRequest(exchange);
            return;
        }
        if (!mirrorBody) {
            Copy copy = capture(exchange, null);
            main.handler().handleRequest(exchange);
            send(active, copy);
            return;
        }
        RequestBodyCopy.read(exchange, maxBodySize, (ex, body) -> {
            Copy copy = body == null ? null : capture(ex, body); // over maxBodySize: not mirrored
            main.handler().handleRequest(ex);
            if (copy != null) {
                send(active, copy);
            }
        });
    }

    /** The mirrors that take this request, or null (no allocation) when none does. */
    private Mirror[] activeMirrors() {
        if (mirrors.length == 0) {
            return null;
        }
        long n = total.incrementAndGet();
        Mirror[] active = null;
        int count = 0;
        for (Mirror mirror : mirrors) {
            if (mirror.take(n)) {
                if (active == null) {
                    active = new Mirror[mirrors.length];
                }
                active[count++] = mirror;
            }
        }
        return active;
    }

    private static Copy capture(HttpServerExchange exchange, byte[] body) {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) { // absolute-form request: keep the path
            int slash = uri.indexOf('/', uri.indexOf("://") + 3);
            uri = slash < 0 ? "/" : uri.substring(slash);
        }
        String query = exchange.getQueryString();
        String pathAndQuery = query == null || query.isEmpty() ? uri : uri + "?" + query;
        List<String> headers = new ArrayList<>();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            String headerName = values.getHeaderName().toString();
            if (NOT_COPIED.contains(headerName.toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : values) {
                headers.add(headerName);
                headers.add(value);
            }
        }
        // As for forwarded requests: the client's address is appended to X-Forwarded-For.
        InetSocketAddress peer = exchange.getSourceAddress();
        String client = peer == null || peer.getAddress() == null ? null : peer.getAddress().getHostAddress();
        String forwardedFor = String.join(", ", exchange.getRequestHeaders().get("X-Forwarded-For") == null
                ? List.of() : exchange.getRequestHeaders().get("X-Forwarded-For"));
        if (client != null) {
            forwardedFor = forwardedFor.isEmpty() ? client : forwardedFor + ", " + client;
        }
        if (!forwardedFor.isEmpty()) {
            headers.add("X-Forwarded-For");
            headers.add(forwardedFor);
        }
        return new Copy(exchange.getRequestMethod().toString(), pathAndQuery, headers.toArray(String[]::new), body);
    }

    private static void send(Mirror[] active, Copy copy) {
        for (Mirror mirror : active) {
            if (mirror == null) {
                return;
            }
            if (mirror.inFlight.incrementAndGet() > mirror.maxInFlight) {
                mirror.inFlight.decrementAndGet();
                mirror.dropped.increment();
                continue;
            }
            try {
                MirrorClient.EXECUTOR.execute(() -> start(mirror, copy));
            } catch (RejectedExecutionException e) {
                mirror.inFlight.decrementAndGet();
                mirror.dropped.increment();
            }
        }
    }

    private static void start(Mirror mirror, Copy copy) {
        String base = mirror.target.pickBase();
        if (base == null) {
            mirror.inFlight.decrementAndGet();
            mirror.dropped.increment();
            return;
        }
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + copy.pathAndQuery()))
                    .timeout(MIRROR_TIMEOUT)
                    .method(copy.method(), copy.body() == null || copy.body().length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(copy.body()));
            String[] headers = copy.headers();
            for (int i = 0; i < headers.length; i += 2) {
                try {
                    builder.header(headers[i], headers[i + 1]);
                } catch (IllegalArgumentException e) {
                    // a header the JDK client refuses (restricted or malformed): the copy goes without it
                }
            }
            request = builder.build();
        } catch (IllegalArgumentException e) { // a target the JDK client cannot express
            mirror.inFlight.decrementAndGet();
            mirror.failed.increment();
            return;
        }
        try {
            mirror.target.client().sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                mirror.inFlight.decrementAndGet();
                if (error == null) {
                    mirror.completed.increment();
                } else {
                    mirror.failed.increment();
                }
            });
        } catch (RuntimeException e) {
            mirror.inFlight.decrementAndGet();
            mirror.failed.increment();
        }
    }

    /** Copies of requests to mirror {@code index} (in configuration order) that got a response. */
    public long completed(int index) {
        return mirrors[index].completed.sum();
    }

    /** Copies to mirror {@code index} that failed (connection, timeout) or could not be built. */
    public long failed(int index) {
        return mirrors[index].failed.sum();
    }

    /** Copies to mirror {@code index} not sent: too many in flight, or no available server. */
    public long dropped(int index) {
        return mirrors[index].dropped.sum();
    }

    /** Copies to mirror {@code index} in flight now. */
    public int inFlight(int index) {
        return mirrors[index].inFlight.get();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean isUp() {
        return !healthCheck || main.service().isUp();
    }

    /** The main service and the mirrors are services in their own right: the pipeline closes them. */
    @Override
    public void close() {
    }

    @Override
    public void closeNow() {
    }
}
