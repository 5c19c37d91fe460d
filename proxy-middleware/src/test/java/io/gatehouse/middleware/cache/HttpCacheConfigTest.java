package io.gatehouse.middleware.cache;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.MiddlewareConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareTypes;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpCacheConfigTest {

    private static DynamicConfig decode(String options) throws ConfigException {
        String yaml = "http:\n  middlewares:\n    c:\n      httpCache:\n" + options.indent(8);
        return ConfigDecoder.create().decode(yaml, Format.YAML, "test.yml").orThrow();
    }

    private static HttpCacheConfig bound(String options) throws ConfigException {
        MiddlewareConfig m = decode(options).http().middlewares().get("c");
        assertThat(m.type()).isEqualToIgnoringCase("httpCache");
        return (HttpCacheConfig) m.config();
    }

    private static String errors(String options) {
        ConfigException e = (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> decode(options));
        assertThat(e).as("expected a configuration error for %s", options).isNotNull();
        return e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void defaults() throws Exception {
        HttpCacheConfig config = bound("{}");
        assertThat(config).isEqualTo(HttpCacheConfig.DEFAULTS);
        assertThat(config.maxSizeBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(config.maxEntryBytes()).isEqualTo(1024 * 1024);
        assertThat(config.heuristicMaxTtl()).isEqualTo(Duration.ofHours(24));
        assertThat(config.cacheStatusName()).isEqualTo("gatehouse");
        assertThat(config.maxWaiters()).isEqualTo(1000);
        assertThat(config.maxVariants()).isEqualTo(8);
    }

    @Test
    void everyOptionBindsCaseInsensitively() throws Exception {
        HttpCacheConfig config = bound("""
                maxsizebytes: 1048576
                MaxEntryBytes: "65536"
                heuristicMaxTtl: 1h30m
                cacheStatusName: edge/eu-1
                maxWaiters: 5
                maxVariants: 3
                """);
        assertThat(config).isEqualTo(new HttpCacheConfig(1048576, 65536, Duration.ofMinutes(90), "edge/eu-1", 5, 3));
    }

    @Test
    void theTypeIsFoundByServiceLoaderAndBuildsTheMiddleware() throws Exception {
        var type = MiddlewareTypes.load().find("httpcache").orElseThrow();
        assertThat(type).isInstanceOf(HttpCacheType.class);
        assertThat(((HttpCacheType) type).create(HttpCacheConfig.DEFAULTS, MiddlewareContext.named("c")))
                .isInstanceOf(HttpCache.class);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "maxSizeBytes: -1|maxSizeBytes: must be at least 1024 (got -1)",
            "maxSizeBytes: 100|maxSizeBytes: must be at least 1024 (got 100)",
            "maxEntryBytes: 0|maxEntryBytes: must be between 1 and maxSizeBytes",
            "maxEntryBytes: -5|(got -5)",
            "{maxSizeBytes: 2048, maxEntryBytes: 4096}|maxEntryBytes: must be between 1 and maxSizeBytes (2048)",
            "maxEntryBytes: 4294967296|maxEntryBytes: must be between 1 and maxSizeBytes",
            "heuristicMaxTtl: -1s|heuristicMaxTtl",
            "heuristicMaxTtl: soon|heuristicMaxTtl",
            "cacheStatusName: 'bad name'|cacheStatusName: must be a structured-field token",
            "cacheStatusName: '1cache'|cacheStatusName: must be a structured-field token",
            "cacheStatusName: ''|cacheStatusName",
            "cacheStatusName: 'a;b'|cacheStatusName",
            "maxWaiters: -1|maxWaiters: must be between 0 and 1000000 (got -1)",
            "maxVariants: 0|maxVariants: must be between 1 and 1024 (got 0)",
            "maxSizeBytes: lots|maxSizeBytes",
            "maxSizeBytes: 99999999999999999999999|maxSizeBytes",
            "maxWaiters: [1, 2]|maxWaiters",
            "maxSizeByte: 1024|did you mean 'maxSizeBytes'",
    })
    void badValuesAreConfigErrorsNamingTheMiddlewareAndOption(String options, String expected) {
        String errors = errors(options);
        assertThat(errors).contains("http.middlewares.c.httpCache").contains(expected);
    }

    @Test
    void theRecordRejectsBadValuesFromCode() {
        assertThatThrownBy(() -> HttpCacheConfig.DEFAULTS.withMaxEntryBytes(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntryBytes");
        assertThatThrownBy(() -> HttpCacheConfig.DEFAULTS.withHeuristicMaxTtl(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("heuristicMaxTtl");
        assertThatThrownBy(() -> HttpCacheConfig.DEFAULTS.withCacheStatusName("x y"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheStatusName");
        assertThat(HttpCacheConfig.DEFAULTS.withMaxSizeBytes(4096).maxEntryBytes()).isEqualTo(4096);
        assertThatThrownBy(() -> new HttpCache(HttpCacheConfig.DEFAULTS, null)).isInstanceOf(NullPointerException.class);
    }
}
