package io.gatehouse.bench;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.net.InetSocketAddress;
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

    private HttpHandler terminal;
    private HttpHandler chain;

    @Setup
    public void setUp() throws Exception {
        terminal = exchange -> exchange.setStatusCode(200);
        chain = TypicalChain.wrap(TypicalChain.middlewares(TypicalChain.bcryptUser()), terminal);
        // The first request verifies the password and remembers it; every later one takes the cached path.
        HttpServerExchange first = exchange();
        chain.handleRequest(first);
        if (first.getStatusCode() != 200 || !"/small".equals(first.getRequestPath())
                || !"chain".equals(first.getRequestHeaders().getFirst("X-Bench"))) {
            throw new IllegalStateException("the chain did not let the request through: status "
                    + first.getStatusCode() + ", path " + first.getRequestPath());
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
