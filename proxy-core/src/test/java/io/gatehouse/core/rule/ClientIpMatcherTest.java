package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.Rules.rejects;
import static io.gatehouse.core.rule.Rules.v2;
import static io.gatehouse.core.rule.Rules.v3;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientIpMatcherTest {

    private static final TestRequest REQUEST = TestRequest.path("/");

    @Test
    void singleIpv4() throws Exception {
        assertThat(v3("ClientIP(`10.76.105.11`)", REQUEST.from("10.76.105.11"))).isTrue();
        assertThat(v3("ClientIP(`10.76.105.11`)", REQUEST.from("10.76.105.12"))).isFalse();
    }

    @Test
    void ipv4Cidr() throws Exception {
        String rule = "ClientIP(`192.168.1.0/24`)";
        assertThat(v3(rule, REQUEST.from("192.168.1.0"))).isTrue();
        assertThat(v3(rule, REQUEST.from("192.168.1.255"))).isTrue();
        assertThat(v3(rule, REQUEST.from("192.168.2.1"))).isFalse();
        assertThat(v3(rule, REQUEST.from("::1"))).isFalse();
    }

    @Test
    void hostBitsInACidrAreMaskedOffAsInGo() throws Exception {
        assertThat(v3("ClientIP(`192.168.1.77/24`)", REQUEST.from("192.168.1.3"))).isTrue();
    }

    @Test
    void edgePrefixLengths() throws Exception {
        assertThat(v3("ClientIP(`0.0.0.0/0`)", REQUEST.from("203.0.113.9"))).isTrue();
        assertThat(v3("ClientIP(`0.0.0.0/0`)", REQUEST.from("2001:db8::1"))).isFalse();
        assertThat(v3("ClientIP(`::/0`)", REQUEST.from("2001:db8::1"))).isTrue();
        assertThat(v3("ClientIP(`10.0.0.1/32`)", REQUEST.from("10.0.0.1"))).isTrue();
        assertThat(v3("ClientIP(`10.0.0.1/32`)", REQUEST.from("10.0.0.2"))).isFalse();
        assertThat(v3("ClientIP(`128.0.0.0/1`)", REQUEST.from("200.1.1.1"))).isTrue();
        assertThat(v3("ClientIP(`128.0.0.0/1`)", REQUEST.from("100.1.1.1"))).isFalse();
    }

    @Test
    void singleIpv6InAnyNotation() throws Exception {
        assertThat(v3("ClientIP(`::1`)", REQUEST.from("0:0:0:0:0:0:0:1"))).isTrue();
        assertThat(v3("ClientIP(`2001:db8:0:0:0:0:0:1`)", REQUEST.from("2001:db8::1"))).isTrue();
        assertThat(v3("ClientIP(`2001:DB8::1`)", REQUEST.from("2001:db8::1"))).isTrue();
        assertThat(v3("ClientIP(`2001:db8::1`)", REQUEST.from("2001:db8::2"))).isFalse();
        assertThat(v3("ClientIP(`1::`)", REQUEST.from("1:0:0:0:0:0:0:0"))).isTrue();
        assertThat(v3("ClientIP(`1:2:3:4:5:6:7:8`)", REQUEST.from("1:2:3:4:5:6:7:8"))).isTrue();
        assertThat(v3("ClientIP(`::1`)", REQUEST.from("127.0.0.1"))).isFalse();
    }

    @Test
    void ipv6Cidr() throws Exception {
        String rule = "ClientIP(`fe80::/10`)";
        assertThat(v3(rule, REQUEST.from("fe80::1"))).isTrue();
        assertThat(v3(rule, REQUEST.from("febf:ffff::1"))).isTrue();
        assertThat(v3(rule, REQUEST.from("fec0::1"))).isFalse();
        assertThat(v3("ClientIP(`2001:db8:aaaa:bbbb::/96`)", REQUEST.from("2001:db8:aaaa:bbbb::ffff:1"))).isTrue();
        assertThat(v3("ClientIP(`2001:db8:aaaa:bbbb::/96`)", REQUEST.from("2001:db8:aaaa:bbbc::1"))).isFalse();
        assertThat(v3("ClientIP(`2001:db8::1/128`)", REQUEST.from("2001:db8::1"))).isTrue();
    }

    @Test
    void ipv4MappedIpv6LiteralsMeanTheIpv4Address() throws Exception {
        assertThat(v3("ClientIP(`::ffff:10.0.0.1`)", REQUEST.from("10.0.0.1"))).isTrue();
        assertThat(v3("ClientIP(`::ffff:10.0.0.0/104`)", REQUEST.from("10.200.0.1"))).isTrue();
        assertThat(v3("ClientIP(`::ffff:10.0.0.0/104`)", REQUEST.from("11.0.0.1"))).isFalse();
    }

    @Test
    void unknownClientAddressNeverMatches() throws Exception {
        assertThat(v3("ClientIP(`0.0.0.0/0`)", REQUEST)).isFalse();
        assertThat(v3("!ClientIP(`0.0.0.0/0`)", REQUEST)).isTrue();
    }

    @Test
    void forwardedHeadersAreIgnored() throws Exception {
        TestRequest proxied = REQUEST.from("10.0.0.1").header("X-Forwarded-For", "192.168.1.5");
        assertThat(v3("ClientIP(`192.168.1.0/24`)", proxied)).isFalse();
    }

    @Test
    void inet4AddressHashCodeIsTheAddressAsTheMatcherAssumes() throws Exception {
        // ClientIpRule reads IPv4 addresses through hashCode() to avoid copying bytes per request.
        InetAddress address = InetAddress.getByName("192.168.1.200");
        assertThat(address.hashCode()).isEqualTo(io.gatehouse.core.net.IpBlock.toInt(address.getAddress(), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.0.1", "256.1.1.1", "010.0.0.1", "1.2.3.4/33", "1.2.3.4/", "1.2.3.4/-1",
            "1.2.3.4/08", "::1/129", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1", "1:", "fe80::1%eth0",
            "example.com", "localhost", " 10.0.0.1", "1.2.3.4/24/8", "::ffff:1.2.3", "1.2.3.x", "١.٢.٣.٤"})
    void invalidAddressesAreRefused(String value) {
        rejects("ClientIP(`" + value + "`)", 9, "`" + value + "`")
                .hasMessageContaining("invalid IP address or CIDR")
                .hasMessageContaining("expected e.g.");
    }

    @Test
    void v2AcceptsSeveralAddresses() throws Exception {
        String rule = "ClientIP(`10.0.0.0/8`, `::1`, `192.168.1.7`)";
        assertThat(v2(rule, REQUEST.from("10.9.9.9"))).isTrue();
        assertThat(v2(rule, REQUEST.from("::1"))).isTrue();
        assertThat(v2(rule, REQUEST.from("192.168.1.7"))).isTrue();
        assertThat(v2(rule, REQUEST.from("192.168.1.8"))).isFalse();
        rejects("ClientIP(`10.0.0.0/8`, `nope`)", RuleSyntax.V2, 23, "`nope`");
    }
}
