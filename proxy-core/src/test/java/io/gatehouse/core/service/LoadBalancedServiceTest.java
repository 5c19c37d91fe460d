package io.gatehouse.core.service;

import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestProxy;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.gatehouse.core.testing.EchoHandler.field;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class LoadBalancedServiceTest {

    static TestServer a;
    static TestServer b;
    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void backends() {
        a = TestServer.http(new EchoHandler("a"));
        b = TestServer.http(new EchoHandler("b"));
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void roundRobinAlternatesBetweenServers() throws Exception {
        try (TestProxy proxy = TestProxy.to(a.url(), b.url())) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> response = get(proxy.url("/x"));
                assertThat(response.statusCode()).isEqualTo(200);
                seen.add(field(response.body(), "server"));
            }
            assertThat(seen).containsExactly("a", "b", "a", "b", "a", "b");
        }
    }

    @Test
    void forwardsPathAndRawQuery() throws Exception {
        try (TestProxy proxy = TestProxy.to(a.url())) {
            HttpResponse<String> response = get(proxy.url("/some/path?q=a%20b&x=1&x=2"));
            assertThat(field(response.body(), "uri")).isEqualTo("/some/path?q=a%20b&x=1&x=2");
            assertThat(field(response.body(), "method")).isEqualTo("GET");
        }
    }

    @Test
    void passHostHeaderKeepsTheClientsHost() throws Exception {
        try (TestProxy proxy = TestProxy.to(a.url())) {
            HttpResponse<String> response = get(proxy.url("/"));
            assertThat(field(response.body(), "host")).isEqualTo("127.0.0.1:" + proxy.port());
        }
    }

    @Test
    void passHostHeaderFalseSendsTheServersAuthority() throws Exception {
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of(a.url())), false, null, null);
        try (TestProxy proxy = new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
            HttpResponse<String> response = get(proxy.url("/"));
            assertThat(field(response.body(), "host")).isEqualTo("127.0.0.1:" + a.port());
            assertThat(field(response.body(), "x-forwarded-host")).isEqualTo("127.0.0.1:" + proxy.port());
        }
    }

    @Test
    void preservePathPutsTheServersPathInFront() throws Exception {
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(new ServerConfig(a.url() + "/base/", 1, true)), true, null, null);
        try (TestProxy proxy = new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
            assertThat(field(get(proxy.url("/api/x?y=1")).body(), "uri")).isEqualTo("/base/api/x?y=1");
            assertThat(field(get(proxy.url("/")).body(), "uri")).isEqualTo("/base/");
        }
    }

    @Test
    void withoutPreservePathTheServersPathIsIgnored() throws Exception {
        try (TestProxy proxy = TestProxy.to(a.url() + "/base")) {
            assertThat(field(get(proxy.url("/api/x")).body(), "uri")).isEqualTo("/api/x");
        }
    }

    @Test
    void ipv6Server() throws Exception {
        try (TestServer v6 = TestServer.httpOnIpv6Loopback(new EchoHandler("v6"))) {
            String url = "http://[::1]:" + v6.port();
            LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of(url)), false, null, null);
            try (TestProxy proxy = new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
                HttpResponse<String> response = get(proxy.url("/six"));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(field(response.body(), "server")).isEqualTo("v6");
                assertThat(field(response.body(), "host")).isEqualTo("[::1]:" + v6.port());
            }
        }
    }

    @Test
    void noServersAnswers503() throws Exception {
        try (TestProxy proxy = TestProxy.to()) {
            HttpResponse<String> response = get(proxy.url("/"));
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("Service Unavailable\n");
        }
    }

    @Test
    void drainedServersAreNotPicked() throws Exception {
        LoadBalancerConfig lb = LoadBalancerConfig.of(List.of(new ServerConfig(a.url(), 0, false), ServerConfig.of(b.url())));
        try (TestProxy proxy = new TestProxy(lb, ServersTransportConfig.DEFAULT, ForwardedHeadersConfig.NONE_TRUSTED)) {
            for (int i = 0; i < 4; i++) {
                assertThat(field(get(proxy.url("/")).body(), "server")).isEqualTo("b");
            }
        }
    }

    @Test
    void postBodyIsForwarded() throws Exception {
        TestServer echoBody = TestServer.http(exchange -> exchange.getRequestReceiver().receiveFullString(
                (ex, body) -> ex.getResponseSender().send("got:" + body)));
        try (echoBody; TestProxy proxy = TestProxy.to(echoBody.url())) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(proxy.url("/p")))
                    .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("got:hello");
        }
    }
}
