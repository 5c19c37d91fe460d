package io.gatehouse.middleware.source;

import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceExtractorTest {

    private static HttpServerExchange exchange(String peer, String... forwardedFor) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.setSourceAddress(new InetSocketAddress(peer, 40000));
        for (String value : forwardedFor) {
            exchange.getRequestHeaders().add(Headers.X_FORWARDED_FOR, value);
        }
        exchange.getRequestHeaders().put(Headers.HOST, "example.com:8080");
        exchange.getRequestHeaders().put(Headers.AUTHORIZATION, "Bearer a");
        return exchange;
    }

    @Test
    void defaultsToThePeerAddressNeverForwardedFor() {
        SourceExtractor extractor = SourceExtractor.of(null, SourceCriterion.CLIENT_IP);
        assertThat(extractor.extract(exchange("10.0.0.7", "1.2.3.4"))).isEqualTo("10.0.0.7");
    }

    @Test
    void depthCountsFromTheRightOfTheFirstHeaderLineAsTraefik() {
        // Traefik reads X-Forwarded-For with Go's Header.Get: the first line only.
        SourceExtractor depth1 = SourceExtractor.of(new SourceCriterion(new IpStrategyConfig(1, null, null), null, false), null);
        SourceExtractor depth3 = SourceExtractor.of(new SourceCriterion(new IpStrategyConfig(3, null, null), null, false), null);
        SourceExtractor depth4 = SourceExtractor.of(new SourceCriterion(new IpStrategyConfig(4, null, null), null, false), null);
        HttpServerExchange exchange = exchange("10.0.0.7", "1.1.1.1, 2.2.2.2", "3.3.3.3");
        assertThat(depth1.extract(exchange)).isEqualTo("2.2.2.2");
        assertThat(depth3.extract(exchange)).isEmpty();
        assertThat(depth4.extract(exchange)).isEmpty();
    }

    @Test
    void excludedIpsAreSkippedFromTheRight() {
        SourceExtractor extractor = SourceExtractor.of(new SourceCriterion(
                new IpStrategyConfig(0, List.of("10.0.0.0/8", "192.168.1.1"), null), null, false), null);
        assertThat(extractor.extract(exchange("127.0.0.1", "1.1.1.1, 2.2.2.2, 10.1.2.3, 192.168.1.1"))).isEqualTo("2.2.2.2");
        assertThat(extractor.extract(exchange("127.0.0.1", "10.1.1.1"))).isEmpty();
        assertThat(extractor.extract(exchange("127.0.0.1", "not-an-ip, 10.1.1.1"))).isEqualTo("not-an-ip");
    }

    @Test
    void depthWinsOverExcludedIpsAsInTraefik() {
        SourceExtractor extractor = SourceExtractor.of(new SourceCriterion(
                new IpStrategyConfig(1, List.of("3.3.3.3"), null), null, false), null);
        assertThat(extractor.extract(exchange("127.0.0.1", "1.1.1.1, 3.3.3.3"))).isEqualTo("3.3.3.3");
    }

    @Test
    void ipv6SourcesAreGroupedBySubnet() {
        SourceExtractor peer = SourceExtractor.of(new SourceCriterion(new IpStrategyConfig(0, null, 64), null, false), null);
        assertThat(peer.extract(exchange("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))).isEqualTo("2001:db8:1:2::");
        assertThat(peer.extract(exchange("10.0.0.7"))).isEqualTo("10.0.0.7");
        SourceExtractor depth = SourceExtractor.of(new SourceCriterion(new IpStrategyConfig(1, null, 32), null, false), null);
        assertThat(depth.extract(exchange("127.0.0.1", "2001:db8:1:2::1"))).isEqualTo("2001:db8::");
    }

    @Test
    void headerAndHostCriteria() {
        assertThat(SourceExtractor.of(SourceCriterion.header("Authorization"), null).extract(exchange("10.0.0.1")))
                .isEqualTo("Bearer a");
        assertThat(SourceExtractor.of(SourceCriterion.header("X-Missing"), null).extract(exchange("10.0.0.1"))).isEmpty();
        assertThat(SourceExtractor.of(null, SourceCriterion.REQUEST_HOST).extract(exchange("10.0.0.1")))
                .isEqualTo("example.com:8080");
        assertThat(SourceExtractor.of(new SourceCriterion(null, null, true), SourceCriterion.CLIENT_IP)
                .extract(exchange("10.0.0.1"))).isEqualTo("example.com:8080");
    }

    @Test
    void badOptionsAreRejectedWithTheirName() {
        assertThatThrownBy(() -> new IpStrategyConfig(-1, null, null)).hasMessageContaining("depth");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of("10.0.0.0/8", "10.0.0.0/33"), null))
                .hasMessageContaining("excludedIPs[1]").hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of("example.com"), null)).hasMessageContaining("excludedIPs[0]");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of("1.2.3.4/"), null)).hasMessageContaining("excludedIPs[0]");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of("256.1.1.1"), null)).hasMessageContaining("excludedIPs[0]");
        assertThatThrownBy(() -> new IpStrategyConfig(0, null, 129)).hasMessageContaining("ipv6Subnet");
        assertThatThrownBy(() -> new IpStrategyConfig(0, null, -1)).hasMessageContaining("ipv6Subnet");
        assertThatThrownBy(() -> SourceCriterion.header("Bad Header")).hasMessageContaining("requestHeaderName");
        assertThatThrownBy(() -> new SourceCriterion(new IpStrategyConfig(0, null, null), "X-A", false))
                .hasMessage("ipStrategy and requestHeaderName are mutually exclusive");
        assertThatThrownBy(() -> new SourceCriterion(new IpStrategyConfig(0, null, null), null, true))
                .hasMessage("ipStrategy and requestHost are mutually exclusive");
        assertThatThrownBy(() -> new SourceCriterion(null, "X-A", true))
                .hasMessage("requestHeaderName and requestHost are mutually exclusive");
    }
}
