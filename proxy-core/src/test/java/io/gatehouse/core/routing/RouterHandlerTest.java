package io.gatehouse.core.routing;

import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class RouterHandlerTest {

    /** Answers with the route name attachment and the request as the next handler sees it. */
    private static final HttpHandler DESCRIBE = exchange -> exchange.getResponseSender().send(
            exchange.getAttachment(RouterHandler.ROUTER_NAME)
                    + " uri=" + exchange.getRequestURI()
                    + " path=" + exchange.getRequestPath()
                    + " relative=" + exchange.getRelativePath()
                    + " resolved=" + exchange.getResolvedPath()
                    + " query=" + exchange.getQueryString());

    private static Route route(String name, String prefix, HttpHandler handler) {
        return new Route(name, TestRules.pathPrefix(prefix), 0, handler);
    }

    @Test
    void nextHandlerSeesTheRouteNameAndTheNormalizedRequest() throws Exception {
        RouterHandler router = new RouterHandler(RouteTable.build(List.of(route("api@file", "/api", DESCRIBE))));
        try (TestServer server = TestServer.start(router)) {
            RawHttp.Response response = RawHttp.get(server.port(), "/x/..//api/%7Bid%7D;v=1?a=%2e%2e&b");

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("api@file uri=/api/%7Bid%7D;v=1 path=/api/%7Bid%7D;v=1"
                    + " relative=/api/%7Bid%7D;v=1 resolved= query=a=%2e%2e&b");
        }
    }

    @Test
    void noMatchIs404WithAPlainBody() throws Exception {
        RouterHandler router = new RouterHandler(RouteTable.build(List.of(route("api", "/api", DESCRIBE))));
        try (TestServer server = TestServer.start(router)) {
            RawHttp.Response response = RawHttp.get(server.port(), "/web");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("Not Found\n");
        }
    }

    @Test
    void emptyTableAnswers404() throws Exception {
        try (TestServer server = TestServer.start(new RouterHandler())) {
            assertThat(RawHttp.get(server.port(), "/").status()).isEqualTo(404);
        }
    }

    @Test
    void refusedPathIs400WithAPlainBody() throws Exception {
        RouterHandler router = new RouterHandler(RouteTable.build(List.of(route("all", "/", DESCRIBE))));
        try (TestServer server = TestServer.start(router)) {
            RawHttp.Response response = RawHttp.get(server.port(), "/a/..;/b");

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("Bad Request\n");
        }
    }

    @Test
    void authorityFormIsRefused() throws Exception {
        RouterHandler router = new RouterHandler(RouteTable.build(List.of(route("all", "/", DESCRIBE))));
        try (TestServer server = TestServer.start(router)) {
            RawHttp.Response response = RawHttp.send(server.port(),
                    "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nConnection: close\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void updateSwapsTheTableWhileRequestsInFlightKeepTheirRoute() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpHandler slow = exchange -> exchange.dispatch(() -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.getResponseSender().send("old " + exchange.getAttachment(RouterHandler.ROUTER_NAME));
        });
        RouteTable oldTable = RouteTable.build(List.of(route("old", "/", slow)));
        RouteTable newTable = RouteTable.build(List.of(route("new", "/", DESCRIBE)));
        RouterHandler router = new RouterHandler(oldTable);
        try (TestServer server = TestServer.start(router)) {
            CompletableFuture<RawHttp.Response> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return RawHttp.get(server.port(), "/x");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();

            router.update(newTable);
            RawHttp.Response after = RawHttp.get(server.port(), "/x");
            release.countDown();

            assertThat(router.table()).isSameAs(newTable);
            assertThat(after.body()).startsWith("new ");
            assertThat(inFlight.get(30, TimeUnit.SECONDS).body()).isEqualTo("old old");
        }
    }
}
