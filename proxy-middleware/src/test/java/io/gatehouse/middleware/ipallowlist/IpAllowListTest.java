package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class IpAllowListTest {

    @Test
    void allowsThePeerInRangeAndRejectsOthersWith403() throws Exception {
        try (ProxyFixture allowed = ProxyFixture.start(IpAllowList.of("127.0.0.0/8"), true);
             ProxyFixture refused = ProxyFixture.start(IpAllowList.of("10.0.0.0/8", "::1"), true)) {
            assertThat(allowed.get("/x").statusCode()).isEqualTo(200);
            // X-Forwarded-For is ignored by default, even when trusted by the entry point.
            var response = refused.get("/x", "X-Forwarded-For", "10.1.1.1");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).startsWith("Forbidden");
        }
    }

    @Test
    void depthReadsXForwardedForFromTheRight() throws Exception {
        Middleware middleware = new IpAllowList(IpAllowListConfig.of("10.0.0.2").withIpStrategy(IpStrategyConfig.depth(2)), "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, true)) {
            // The entry point appends nothing for the middleware: XFF is what the client sent.
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.1, 10.0.0.2, 10.0.0.3").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.2").statusCode()).isEqualTo(403);
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.2, 10.0.0.3, 10.0.0.4").statusCode()).isEqualTo(403);
            assertThat(proxy.get("/").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void untrustedXForwardedForNeverReachesTheStrategy() throws Exception {
        Middleware middleware = new IpAllowList(IpAllowListConfig.of("10.0.0.2").withIpStrategy(IpStrategyConfig.depth(1)), "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, false)) {
            assertThat(proxy.get("/", "X-Forwarded-For", "10.0.0.2").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void excludedIpsSkipKnownProxies() throws Exception {
        Middleware middleware = new IpAllowList(IpAllowListConfig.of("1.1.1.1")
                .withIpStrategy(IpStrategyConfig.excluding("10.0.0.0/8")), "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, true)) {
            assertThat(proxy.get("/", "X-Forwarded-For", "9.9.9.9, 1.1.1.1, 10.0.0.1, 10.0.0.2").statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "X-Forwarded-For", "1.1.1.1, 9.9.9.9, 10.0.0.1").statusCode()).isEqualTo(403);
        }
    }

    @Test
    void rejectStatusCodeIsUsed() throws Exception {
        Middleware middleware = new IpAllowList(IpAllowListConfig.of("10.0.0.0/8").withRejectStatusCode(404), "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, true)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/ipallowlist.md");
        assertThat(page.showsJava(".middleware(\"office-only\", IpAllowList.of(\"127.0.0.1/32\", \"192.168.1.0/24\"))")).isTrue();
        List<DynamicConfig> configs = new java.util.ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            IpAllowListConfig office = (IpAllowListConfig) config.http().middlewares().get("office-only").config();
            assertThat(office.sourceRange()).containsExactly("127.0.0.1/32", "192.168.1.0/24");
            assertThat(office.rejectStatusCode()).isEqualTo(404);
            try (ProxyFixture proxy = ProxyFixture.start(Middlewares.build(config, "office-only", MiddlewareContext.named("office-only")), true)) {
                assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            }
            try (ProxyFixture proxy = ProxyFixture.start(Middlewares.build(config, "behind-cdn", MiddlewareContext.named("behind-cdn")), true)) {
                assertThat(proxy.get("/", "X-Forwarded-For", "127.0.0.1, 8.8.8.8").statusCode()).isEqualTo(200);
                assertThat(proxy.get("/", "X-Forwarded-For", "8.8.8.8, 127.0.0.1").statusCode()).isEqualTo(403);
            }
        }
    }

    @Test
    void deprecatedIpWhiteListWorksTheSame() throws Exception {
        Middleware middleware = Middlewares.fromYaml("""
                http:
                  middlewares:
                    m:
                      ipWhiteList:
                        sourceRange: ["10.0.0.0/8"]
                """, "m");
        try (ProxyFixture proxy = ProxyFixture.start(middleware, true)) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(403);
        }
        assertThat(Middlewares.error("""
                http:
                  middlewares:
                    m:
                      ipWhiteList:
                        sourceRange: ["10.0.0.0/8"]
                        rejectStatusCode: 404
                """, "m")).contains("rejectStatusCode");
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(yamlError("sourceRange: []")).contains("http.middlewares.m.ipAllowList.sourceRange").contains("empty");
        assertThat(yamlError("{}")).contains("http.middlewares.m.ipAllowList.sourceRange");
        assertThat(yamlError("sourceRange: [\"10.0.0.0/8\", \"10.0.0.300\"]"))
                .contains("http.middlewares.m.ipAllowList.sourceRange[1]").contains("10.0.0.300");
        assertThat(yamlError("sourceRange: [\"10.0.0.0/-1\"]")).contains("sourceRange[0]");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        rejectStatusCode: 99")).contains("rejectStatusCode");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        rejectStatusCode: abc")).contains("rejectStatusCode");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        ipStrategy: {depth: -1}")).contains("ipStrategy").contains("depth");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        ipStrategy: {ipv6Subnet: 200}")).contains("ipv6Subnet");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        ipStrategy: {excludedIPs: [\"x/y\"]}"))
                .contains("http.middlewares.m.ipAllowList.ipStrategy").contains("excludedIPs[0]");
        assertThat(yamlError("sourceRange: [\"1.2.3.4\"]\n        ipStrategy: {deep: 1}")).contains("deep");
    }

    private static String yamlError(String options) {
        return Middlewares.error("""
                http:
                  middlewares:
                    m:
                      ipAllowList:
                        %s
                """.formatted(options), "m");
    }

    @Test
    void codeFactoryRejectsBadRanges() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> IpAllowList.of("nope"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sourceRange[0]");
    }
}
