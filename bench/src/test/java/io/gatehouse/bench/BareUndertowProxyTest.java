package io.gatehouse.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatehouse.bench.BareUndertowProxy.ProxyOptions;
import io.undertow.Undertow;
import io.undertow.util.Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

class BareUndertowProxyTest {

    private final List<Undertow> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(Undertow::stop);
    }

    @Test
    void parsesPortOriginAndPoolDefaults() {
        ProxyOptions options = ProxyOptions.parse(new String[] {"18081", "http://127.0.0.1:18080"});

        assertThat(options.port()).isEqualTo(18081);
        assertThat(options.origin()).isEqualTo(URI.create("http://127.0.0.1:18080"));
        assertThat(options.connectionsPerThread()).isEqualTo(256);
        assertThat(options.softMax()).isEqualTo(200);
        assertThat(options.maxQueueSize()).isEqualTo(1024);
    }

    @Test
    void parsesPoolFlagsInAnyOrder() {
        ProxyOptions options = ProxyOptions.parse(new String[] {"0", "http://localhost:1",
                "--maxQueueSize", "0", "--softMax", "8", "--connectionsPerThread", "16"});

        assertThat(options.connectionsPerThread()).isEqualTo(16);
        assertThat(options.softMax()).isEqualTo(8);
        assertThat(options.maxQueueSize()).isZero();
    }

    @Test
    void rejectsMissingArguments() {
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"18081"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected PORT and ORIGIN_URL");
    }

    @Test
    void rejectsPortsThatAreNotPorts() {
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"web", "http://127.0.0.1:1"}))
                .hasMessage("PORT must be a whole number, got 'web'");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"65536", "http://127.0.0.1:1"}))
                .hasMessage("PORT must be in [0, 65535], got 65536");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"-1", "http://127.0.0.1:1"}))
                .hasMessage("PORT must be in [0, 65535], got -1");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"99999999999", "http://127.0.0.1:1"}))
                .hasMessage("PORT must be a whole number, got '99999999999'");
    }

    @Test
    void rejectsOriginsThatAreNotPlainHttpUrls() {
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "ftp://127.0.0.1:1"}))
                .hasMessageContaining("ORIGIN_URL must look like http://");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "localhost:18080"}))
                .hasMessageContaining("ORIGIN_URL must look like http://");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://bad host/"}))
                .hasMessage("ORIGIN_URL is not a URI: 'http://bad host/'");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http:///path"}))
                .hasMessageContaining("ORIGIN_URL must look like http://");
    }

    @Test
    void rejectsUnknownFlagsMissingValuesAndOutOfRangeNumbers() {
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://h:1", "--ioThreads", "2"}))
                .hasMessage("unknown flag --ioThreads");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://h:1", "--softMax"}))
                .hasMessage("flag --softMax needs a value");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://h:1", "--connectionsPerThread", "0"}))
                .hasMessage("--connectionsPerThread must be in [1, 100000], got 0");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://h:1", "--maxQueueSize", "-5"}))
                .hasMessage("--maxQueueSize must be in [0, 1000000], got -5");
        assertThatThrownBy(() -> ProxyOptions.parse(new String[] {"1", "http://h:1", "--softMax", "lots"}))
                .hasMessage("--softMax must be a whole number, got 'lots'");
    }

    @Test
    @Timeout(60)
    void relaysEveryConcurrentRequestToTheOriginWithoutRefusingAny() throws Exception {
        Undertow origin = Undertow.builder()
                .setIoThreads(1)
                .addHttpListener(0, "127.0.0.1")
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                    exchange.getResponseSender().send("hello " + exchange.getRequestPath() + "\n");
                })
                .build();
        origin.start();
        servers.add(origin);
        Undertow proxy = BareUndertowProxy.start(ProxyOptions.parse(
                new String[] {"0", "http://127.0.0.1:" + portOf(origin)}));
        servers.add(proxy);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            HttpRequest request = HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + portOf(proxy) + "/r" + i)).build();
            responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < responses.size(); i++) {
            HttpResponse<String> response = responses.get(i).get();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello /r" + i + "\n");
        }
    }

    private static int portOf(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }
}
