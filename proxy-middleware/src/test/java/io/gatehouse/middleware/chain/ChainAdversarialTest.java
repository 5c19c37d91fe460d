package io.gatehouse.middleware.chain;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class ChainAdversarialTest {

    /**
     * Resolves chain members from the decoded configuration, as the configuration builder does; a member that is
     * being built already is reported as a cycle here, so a chain that does not detect itself cannot recurse forever.
     */
    private record ConfigContext(DynamicConfig config, String name, java.util.Set<String> building) implements MiddlewareContext {
        @Override
        public Middleware middleware(String member) throws ConfigException {
            MiddlewareConfig mc = config.http().middlewares().get(member);
            if (mc == null) {
                throw new ConfigException(name, member, "no such middleware (test context)");
            }
            if (building.contains(member)) {
                throw new ConfigException(name, member, "cycle reached the test context");
            }
            java.util.Set<String> next = new java.util.HashSet<>(building);
            next.add(member);
            return MiddlewareConfigs.create(mc, new ConfigContext(config, member, next));
        }
    }

    private static String errorOf(String yaml, String name) {
        try {
            DynamicConfig config = ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
            MiddlewareConfigs.create(config.http().middlewares().get(name), new ConfigContext(config, name, java.util.Set.of(name)));
        } catch (ConfigException e) {
            return e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError("unchecked " + e, e);
        }
        throw new AssertionError("expected a configuration error for:\n" + yaml);
    }

    private static final String OTHERS = "    a:\n      addPrefix:\n        prefix: /a\n";

    private static String chain(String options) {
        return "http:\n  middlewares:\n    m:\n      chain:\n        " + options + "\n" + OTHERS;
    }

    private static void assertChainError(String options) {
        assertThat(errorOf(chain(options), "m")).as(options).contains("http.middlewares.m.chain").containsIgnoringCase("middlewares");
    }

    @ParameterizedTest
    @ValueSource(strings = {"middlewares: [\"\"]", "middlewares: [a, \"\"]", "middlewares: {a: b}", "middlewares: [[a]]",
            "middlewares: [\" \"]"})
    void badNamesAreErrors(String options) {
        assertChainError(options);
    }

    @Test
    void validChainBuilds() {
        try {
            DynamicConfig config = ConfigDecoder.create().decode(chain("middlewares: [a, a]"), Format.YAML, "test.yml").orThrow();
            assertThat(MiddlewareConfigs.create(config.http().middlewares().get("m"), new ConfigContext(config, "m", java.util.Set.of("m"))))
                    .isNotNull();
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    @Test
    void chainListingItselfIsAnError() {
        String message = errorOf("""
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
        assertChainError("middlewares: [a, ~]");
    }
}
