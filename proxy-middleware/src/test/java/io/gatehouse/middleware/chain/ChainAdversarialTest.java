package io.gatehouse.middleware.chain;

import io.gatehouse.middleware.testing.Middlewares;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChainAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"middlewares: [\"\"]", "middlewares: [a, \"\"]", "middlewares: {a: b}", "middlewares: [[a]]",
            "middlewares: [\"a\\r\\nb\"]"})
    void badNamesAreErrors(String options) {
        assertRejected("chain", "middlewares", options);
    }

    @Test
    void chainListingItselfIsAnError() {
        String message = Middlewares.error("""
                http:
                  middlewares:
                    secured:
                      chain:
                        middlewares: [strip, secured]
                    strip:
                      stripPrefix:
                        prefixes: [/api]
                """, "secured");
        assertThat(message).contains("http.middlewares.secured.chain.middlewares[1]").contains("cannot contain itself");
    }

    @Test
    void nullEntryIsAnError() {
        assertRejected("chain", "middlewares", "middlewares: [a, ~]");
    }
}
