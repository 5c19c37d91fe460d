package io.gatehouse.bench;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the five typical middlewares ({@link TypicalChain}) add to one request: {@code chain} runs a fresh
 * Undertow exchange (request line, Host, Authorization, loopback source address) through the chain to a terminal
 * handler; {@code baseline} builds the same exchange and calls the terminal handler directly. The difference is
 * the chain's cost.
 *
 * <p>The exchange has no connection, so the response is never committed: the headers middleware's response edits
 * are registered (a response wrapper) but not applied here; the load harness covers them end to end. basicAuth
 * uses a SHA-1 user line here because its first verification runs inline without an IO thread; the measured path,
 * a verification remembered from an earlier request, does not depend on the hash type.
 *
 * <pre>java -jar bench/target/benchmarks.jar MiddlewareChainBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MiddlewareChainBenchmark {

    private static final LoopbackConnection CONNECTION = new LoopbackConnection(
            new InetSocketAddress("127.0.0.1", 54321), new InetSocketAddress("127.0.0.1", 8080));
    private static final String URI = TypicalChain.PREFIX + "/small";

    /**
     * How many of the five middlewares run, in chain order (headers, stripPrefix, rateLimit, ipAllowList,
     * basicAuth): 5 is the target's chain; {@code -p length=1,2,3,4,5} shows what each one adds.
     */
    @Param("5")
    public int length;

    private HttpHandler terminal;
    private HttpHandler chain;

    @Setup
    public void setUp() throws Exception {
        terminal = exchange -> exchange.setStatusCode(200);
        Map<String, Middleware> first = new LinkedHashMap<>();
        TypicalChain.middlewares(TypicalChain.bcryptUser()).entrySet().stream().limit(length)
                .forEach(e -> first.put(e.getKey(), e.getValue()));
        if (length < 1 || first.size() != length) {
            throw new IllegalArgumentException("length must be in [1, 5], got " + length);
        }
        chain = TypicalChain.wrap(first, terminal);
        // The first request verifies the password and remembers it; every later one takes the cached path.
        HttpServerExchange request = exchange();
        chain.handleRequest(request);
        if (request.getStatusCode() != 200 || (length >= 2 && !"/small".equals(request.getRequestPath()))
                || !"chain".equals(request.getRequestHeaders().getFirst("X-Bench"))) {
            throw new IllegalStateException("the chain did not let the request through: status "
                    + request.getStatusCode() + ", path " + request.getRequestPath());
        }
    }

    @Benchmark
    public HttpServerExchange baseline() throws Exception {
        HttpServerExchange exchange = exchange();
        terminal.handleRequest(exchange);
        return exchange;
    }

    @Benchmark
    public HttpServerExchange chain() throws Exception {
        HttpServerExchange exchange = exchange();
        chain.handleRequest(exchange);
        return exchange;
    }

    private static HttpServerExchange exchange() {
        HttpServerExchange exchange = new HttpServerExchange(CONNECTION);
        exchange.setRequestMethod(Methods.GET);
        exchange.setProtocol(io.undertow.util.Protocols.HTTP_1_1);
        exchange.setRequestScheme("http");
        exchange.setRequestURI(URI);
        exchange.setRequestPath(URI);
        exchange.setRelativePath(URI);
        exchange.getRequestHeaders().put(Headers.HOST, "bench.local");
        exchange.getRequestHeaders().put(Headers.AUTHORIZATION, TypicalChain.AUTHORIZATION);
        return exchange;
    }
}
