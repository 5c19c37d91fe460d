package io.gatehouse.core.service;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServiceConfig;
import io.gatehouse.core.config.StickyConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.service.sticky.StickyCookie;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples and quoted messages of docs/services.md's Strategies, Sticky sessions and Retries sections. */
class ServicesDocTest {

    static String page() throws IOException {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("a docs/ folder above the working directory").isNotNull();
        return Files.readString(dir.resolve("docs/services.md"));
    }

    /** The text of a {@code ## heading} section, up to the next one. */
    static String section(String heading) throws IOException {
        String page = page();
        int start = page.indexOf("\n## " + heading + "\n");
        assertThat(start).as(heading).isNotNegative();
        int end = page.indexOf("\n## ", start + 4);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    /** The yaml blocks of a section, decoded. */
    static List<DynamicConfig> yaml(String heading) throws Exception {
        List<DynamicConfig> configs = new ArrayList<>();
        String[] parts = section(heading).split("```");
        for (int i = 1; i < parts.length; i += 2) {
            if (parts[i].startsWith("yaml\n")) {
                configs.add(ConfigDecoder.create().decode(parts[i].substring(5), Format.YAML, "services.md").orThrow());
            }
        }
        return configs;
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\n\\s*", " ");
    }

    static List<ConfigError> errors(LoadBalancerConfig lb) {
        try {
            LoadBalancedService.create("api", lb, null).close();
        } catch (ConfigException e) {
            return e.errors();
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void theStrategyExampleBuildsAP2cService() throws Exception {
        List<DynamicConfig> configs = yaml("Strategies");
        assertThat(configs).hasSize(1);
        ServiceConfig api = configs.get(0).http().services().get("api");
        assertThat(api.loadBalancer().strategy()).isEqualTo("p2c");
        LoadBalancedService service = LoadBalancedService.create("api@file", api.loadBalancer(), null);
        service.close();
        assertThat(service.servers()).hasSize(2);
    }

    @Test
    void theQuotedStrategyErrorIsWhatDecodingAndBuildingSay() throws Exception {
        String quoted = "http.services.api.loadBalancer.strategy: expected one of wrr, p2c, hrw, leasttime";
        assertThat(oneLine(section("Strategies"))).contains(quoted);
        var decoded = ConfigDecoder.create().decode("http:\n  services:\n    api:\n      loadBalancer:\n        strategy: bogus\n"
                + "        servers:\n          - url: http://10.0.0.5\n", Format.YAML, "x.yml");
        assertThat(decoded.errors()).singleElement().satisfies(e -> assertThat(e.toString()).contains(quoted));
        LoadBalancerConfig bogus = new LoadBalancerConfig(List.of(ServerConfig.of("http://10.0.0.5")), true, null, null,
                "bogus", null, null, null);
        assertThat(errors(bogus)).singleElement().satisfies(e -> assertThat(e.toString()).startsWith(quoted));
    }

    @Test
    void theStickyExampleSetsTheCookieThePageShows() throws Exception {
        List<DynamicConfig> configs = yaml("Sticky sessions");
        assertThat(configs).hasSize(1);
        LoadBalancerConfig shop = configs.get(0).http().services().get("shop").loadBalancer();
        assertThat(shop.sticky().cookie()).isEqualTo(new CookieConfig("shop_server", true, true, "lax", 3600, "/", "example.com"));
        List<ConfigError> errors = new ArrayList<>();
        List<Server> servers = List.of(Server.unconnected("http://10.0.0.5:8080", 1, 0));
        StickyCookie cookie = StickyCookie.create("shop@file", shop.sticky().cookie(), servers, "x", errors);
        String header = cookie.setCookie(servers.get(0));
        assertThat(oneLine(section("Sticky sessions"))).contains(
                "Set-Cookie: " + header.replace(StickyCookie.hash("http://10.0.0.5:8080"), "<value>"));
        LoadBalancedService.create("shop@file", shop, null).close();
    }

    @Test
    void theQuotedSameSiteErrorIsWhatBuildingSays() throws Exception {
        String quoted = "http.services.shop.loadBalancer.sticky.cookie.sameSite: expected one of none, lax, strict (got 'sideways')";
        assertThat(oneLine(section("Sticky sessions"))).contains(quoted);
        LoadBalancerConfig lb = new LoadBalancerConfig(List.of(ServerConfig.of("http://10.0.0.5")), true, null, null, null,
                new StickyConfig(new CookieConfig(null, false, false, "sideways", 0, null, null)), null, null);
        try {
            LoadBalancedService.create("shop", lb, null).close();
            throw new AssertionError("expected a ConfigException");
        } catch (ConfigException e) {
            assertThat(e.errors()).singleElement().satisfies(error -> assertThat(error.toString()).isEqualTo(quoted));
        }
    }

    @Test
    void theRetriesSectionNamesTheRulesTheTestsCheck() throws Exception {
        String retries = oneLine(section("Retries"));
        assertThat(retries).contains("never to the same one twice, at most `servers - 1` times");
        assertThat(retries).contains("`responseHeaderTimeout` | never");
    }
}
