package io.gatehouse.middleware.ipstrategy;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceIpTest {

    private final HttpClient client = HttpClient.newHttpClient();

    /** Runs the strategy inside a real Undertow server and returns what it chose for a request with that XFF. */
    private String chosen(SourceIp strategy, String xff) throws Exception {
        try (TestServer server = TestServer.http(exchange -> exchange.getResponseSender().send("[" + strategy.clientIp(exchange) + "]"))) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + "/"));
            if (xff != null) {
                request.header("X-Forwarded-For", xff);
            }
            String body = client.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
            return body.substring(1, body.length() - 1);
        }
    }

    @Test
    void defaultIsThePeerAddressAndIgnoresXForwardedFor() throws Exception {
        assertThat(chosen(SourceIp.of(null), "1.2.3.4")).isEqualTo("127.0.0.1");
        assertThat(chosen(SourceIp.of(IpStrategyConfig.DEFAULTS), "1.2.3.4")).isEqualTo("127.0.0.1");
    }

    @Test
    void depthCountsFromTheRightOfXForwardedFor() throws Exception {
        String xff = "10.0.0.1, 10.0.0.2,10.0.0.3 ,  10.0.0.4";
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(1)), xff)).isEqualTo("10.0.0.4");
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(2)), xff)).isEqualTo("10.0.0.3");
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(4)), xff)).isEqualTo("10.0.0.1");
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(5)), xff)).isEmpty();
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(1)), null)).isEmpty();
        assertThat(chosen(SourceIp.of(IpStrategyConfig.depth(2)), "1.1.1.1,,")).isEmpty();
    }

    @Test
    void excludedIpsPickTheRightmostEntryNotExcluded() throws Exception {
        SourceIp strategy = SourceIp.of(IpStrategyConfig.excluding("10.0.0.0/8", "192.168.1.1"));
        assertThat(chosen(strategy, "1.1.1.1, 2.2.2.2, 10.1.1.1, 192.168.1.1")).isEqualTo("2.2.2.2");
        assertThat(chosen(strategy, "1.1.1.1, , 10.1.1.1")).isEqualTo("1.1.1.1");
        assertThat(chosen(strategy, "10.0.0.1, 192.168.1.1")).isEmpty();
        assertThat(chosen(strategy, null)).isEmpty();
        // Not an IP: not in the excluded pool, so chosen (and an allow list will then reject it).
        assertThat(chosen(strategy, "junk, 10.0.0.1")).isEqualTo("junk");
    }

    @Test
    void depthWinsOverExcludedIps() throws Exception {
        SourceIp strategy = SourceIp.of(new IpStrategyConfig(1, List.of("10.0.0.0/8"), null));
        assertThat(chosen(strategy, "1.1.1.1, 10.0.0.1")).isEqualTo("10.0.0.1");
    }

    @Test
    void ipv6SubnetGroupsIpv6ClientsByNetwork() throws Exception {
        SourceIp strategy = SourceIp.of(new IpStrategyConfig(1, List.of(), 64));
        assertThat(chosen(strategy, "2001:db8:1:2:3:4:5:6")).isEqualTo("2001:db8:1:2::");
        assertThat(chosen(strategy, "10.1.2.3")).isEqualTo("10.1.2.3");
        try (TestServer server = TestServer.httpOnIpv6Loopback(exchange -> exchange.getResponseSender()
                .send(SourceIp.of(new IpStrategyConfig(0, List.of(), 8)).clientIp(exchange)))) {
            String body = client.send(HttpRequest.newBuilder(URI.create("http://[::1]:" + server.port() + "/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body).isEqualTo("::");
        }
    }

    @Test
    void badConfigurationNamesTheOption() {
        assertThatThrownBy(() -> IpStrategyConfig.excluding("10.0.0.0/8", "nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("excludedIPs[1]")
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> new IpStrategyConfig(-1, List.of(), null)).hasMessageContaining("depth");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of(), 0)).hasMessageContaining("ipv6Subnet");
        assertThatThrownBy(() -> new IpStrategyConfig(0, List.of(), 129)).hasMessageContaining("ipv6Subnet");
    }
}
