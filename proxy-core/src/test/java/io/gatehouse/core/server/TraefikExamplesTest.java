package io.gatehouse.core.server;

import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.provider.FileProvider;
import io.gatehouse.core.testing.RawHttp;
import io.undertow.Undertow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Dynamic configuration examples from Traefik's documentation load and route as documented. */
@Timeout(60)
class TraefikExamplesTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private int backend(String name) {
        Undertow server = Undertow.builder().setIoThreads(1).addHttpListener(0, "127.0.0.1",
                exchange -> exchange.getResponseSender().send(name + " " + exchange.getRequestURI())).build();
        server.start();
        toClose.add(server::stop);
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private Gatehouse load(String fixture) throws Exception {
        String text;
        try (InputStream in = getClass().getResourceAsStream("/traefik-examples/" + fixture)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String server : List.of("foo", "1", "2")) {
            text = text.replace("<private-ip-server-" + server + ">", "127.0.0.1")
                    .replace("<private-port-server-" + server + ">", String.valueOf(backend("server-" + server)));
        }
        Path file = dir.resolve(fixture);
        Files.writeString(file, text);
        Gatehouse gatehouse = Gatehouse.builder().ioThreads(1).entryPoint("web", "127.0.0.1:0")
                .middlewareTypes(MiddlewareTypes.of(List.of(new AddPrefixType())))
                .provider(FileProvider.watching(file).watch(false))
                .start();
        toClose.add(gatehouse);
        assertThat(gatehouse.awaitConfigApplied(Duration.ofSeconds(30))).isTrue();
        assertThat(gatehouse.errors()).isEmpty();
        return gatehouse;
    }

    private static String get(Gatehouse gatehouse, String host, String path) throws Exception {
        RawHttp.Response response = RawHttp.exchange(gatehouse.port("web"),
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return response.status() + " " + response.body();
    }

    @Test
    void routersAndServices() throws Exception {
        Gatehouse gatehouse = load("routers-and-services.yml");
        assertThat(get(gatehouse, "any.host", "/foo")).isEqualTo("200 server-foo /foo");
        // Default priority is the rule's length: the longer HostRegexp rule wins over the Host rule.
        assertThat(get(gatehouse, "foobar.traefik.com", "/")).isEqualTo("200 server-1 /");
        assertThat(get(gatehouse, "other.traefik.com", "/")).isEqualTo("200 server-1 /");
        // Two servers, round robin.
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            seen.add(get(gatehouse, "example.com", "/api/x"));
        }
        assertThat(seen).containsExactlyInAnyOrder("200 server-1 /api/x", "200 server-2 /api/x",
                "200 server-1 /api/x", "200 server-2 /api/x");
        assertThat(get(gatehouse, "example.com", "/other")).startsWith("404");
    }

    @Test
    void explicitPrioritiesOverrideRuleLength() throws Exception {
        Gatehouse gatehouse = load("priorities.toml");
        assertThat(get(gatehouse, "foobar.traefik.com", "/")).isEqualTo("200 server-2 /");
        assertThat(get(gatehouse, "other.traefik.com", "/")).isEqualTo("200 server-1 /");
    }

    @Test
    void middlewaresAndChains() throws Exception {
        Gatehouse gatehouse = load("middlewares.yml");
        assertThat(get(gatehouse, "example.com", "/bar")).isEqualTo("200 server-1 /foo/bar");
        // A chain runs its members in order: first prefixes, then second prefixes the result.
        assertThat(get(gatehouse, "mydomain", "/x")).isEqualTo("200 server-1 /second/first/x");
    }
}
