package io.gatehouse.core.middleware;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MiddlewareTypesTest {

    @Test
    void serviceLoaderFindsTheTestTypeByAnyCase() {
        MiddlewareTypes types = MiddlewareTypes.load();
        assertThat(types.names()).contains("testHeader");
        assertThat(types.find("TESTHEADER")).get().isInstanceOf(TestHeaderMiddlewareType.class);
        assertThat(types.find("nope")).isEmpty();
        assertThat(types.find(null)).isEmpty();
        assertThat(MiddlewareTypes.none().names()).isEmpty();
    }

    @Test
    void aDecoderWithoutTheTypeRejectsIt() {
        DecodeResult r = ConfigDecoder.create(MiddlewareTypes.none())
                .decode("http: {middlewares: {m: {testHeader: {}}}}", Format.YAML, "f.yml");
        assertThat(r.errors()).hasSize(1);
        assertThat(r.errors().get(0).message()).contains("unknown middleware type 'testHeader'")
                .contains("(none installed)");
    }

    @Test
    void optionsNotGivenComeFromTheRecordsDefaults() {
        DecodeResult r = ConfigDecoder.create().decode("http: {middlewares: {m: {testHeader: {value: v}}}}",
                Format.YAML, "f.yml");
        assertThat(r.errors()).isEmpty();
        MiddlewareConfig m = r.config().http().middlewares().get("m");
        assertThat(m.config()).isEqualTo(new TestHeaderMiddlewareType.Options("X-Test", "v", List.of(), Duration.ZERO,
                1, true, TestHeaderMiddlewareType.Mode.REPLACE, java.util.Map.of()));
    }

    @Test
    @Timeout(30)
    void theDecodedTypeBuildsAWorkingMiddleware() throws Exception {
        DecodeResult r = ConfigDecoder.create().decode(
                "http: {middlewares: {hello: {testHeader: {headerName: X-Hello, value: world}}}}", Format.YAML, "f");
        MiddlewareConfig config = r.orThrow().http().middlewares().get("hello");
        Middleware middleware = create(config, "hello@file");

        HttpHandler app = exchange -> exchange.getResponseSender().send("ok");
        Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(middleware.wrap(app)).build();
        server.start();
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("ok");
            assertThat(response.headers().firstValue("X-Hello")).hasValue("world");
        } finally {
            server.stop();
        }
    }

    @Test
    void createMayRejectAConfigurationWithACheckedError() throws Exception {
        DecodeResult r = ConfigDecoder.create().decode("http: {middlewares: {m: {testHeader: {headerName: ' '}}}}",
                Format.YAML, "f");
        MiddlewareConfig config = r.orThrow().http().middlewares().get("m");
        assertThatThrownBy(() -> create(config, "m@file")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("m@file");
    }

    @SuppressWarnings("unchecked")
    private static Middleware create(MiddlewareConfig config, String name) throws ConfigException {
        MiddlewareType<Object> type = (MiddlewareType<Object>) MiddlewareTypes.load().find(config.type()).orElseThrow();
        return type.create(config.config(), MiddlewareContext.named(name));
    }
}
