package io.gatehouse.middleware.paths;

import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ReplacePathAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"path: \"\"", "path: ~", "path: \"/a\\r\\nX: y\"", "path: \"/a\\x7f\"", "path: \"/%\"",
            "path: \"/%g0\"", "path: [/a]", "path: {a: 1}"})
    void badPathsAreErrors(String options) {
        assertRejected("replacePath", "path", options);
    }

    @Test
    void missingPathIsAnError() {
        assertRejected("replacePath", "", "");
    }

    @Test
    void clientReplacedPathStaysBeforeTheProxys() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("replacePath", "path: \"/a b\""))) {
            String body = proxy.get("/anything?x=1", "X-Replaced-Path", "/spoofed").body();
            assertThat(EchoHandler.field(body, "uri")).isEqualTo("/a%20b?x=1");
            assertThat(String.join(",", EchoHandler.fields(body, "x-replaced-path"))).isEqualTo("/spoofed,/anything");
        }
    }
}
