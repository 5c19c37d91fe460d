package io.gatehouse.core.net;

import io.gatehouse.core.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IpBlocksTest {

    @Test
    void parsesOnlyLiteralsAsGoDoes() {
        assertThat(IpLiterals.parseUnmapped("192.168.0.1")).containsExactly(192, 168, 0, 1);
        assertThat(IpLiterals.parseUnmapped("::1")).hasSize(16);
        assertThat(IpLiterals.parseUnmapped("::ffff:10.0.0.1")).containsExactly(10, 0, 0, 1);
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "01.2.3.4", "256.1.1.1", "1.2.3.-4", "localhost",
                "example.com", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:8:9", "::g", "1.2.3.4 ", "::1.2.3"}) {
            assertThat(IpLiterals.parseUnmapped(bad)).as(bad).isNull();
        }
    }

    @Test
    void formatsIpv6AsGo() {
        assertThat(IpLiterals.format(IpLiterals.parseUnmapped("2001:0db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(IpLiterals.format(IpLiterals.parseUnmapped("0:0:0:0:0:0:0:1"))).isEqualTo("::1");
        assertThat(IpLiterals.format(IpLiterals.parseUnmapped("1:0:2:0:3:0:4:0"))).isEqualTo("1:0:2:0:3:0:4:0");
        assertThat(IpLiterals.format(new byte[16])).isEqualTo("::");
    }

    @Test
    void rangesMatchAddressesAndBlocks() throws ConfigException {
        IpBlocks ranges = IpBlocks.parse(List.of("10.0.0.0/8", "192.168.1.7", "2001:db8::/32", "172.16.5.9/12"), "p");
        assertThat(ranges.contains("10.255.1.2")).isTrue();
        assertThat(ranges.contains("11.0.0.1")).isFalse();
        assertThat(ranges.contains("192.168.1.7")).isTrue();
        assertThat(ranges.contains("192.168.1.8")).isFalse();
        assertThat(ranges.contains("2001:db8:ffff::1")).isTrue();
        assertThat(ranges.contains("2001:db9::1")).isFalse();
        assertThat(ranges.contains("172.31.0.1")).as("host bits of a CIDR are ignored").isTrue();
        assertThat(ranges.contains("::ffff:10.1.1.1")).as("IPv4-mapped").isTrue();
        assertThat(ranges.contains("not an ip")).isFalse();
        assertThat(ranges.contains("")).isFalse();
        assertThat(IpBlocks.parse(List.of("0.0.0.0/0"), "p").contains("8.8.8.8")).isTrue();
        assertThat(IpBlocks.parse(List.of("0.0.0.0/0"), "p").contains("::1")).isFalse();
    }

    @Test
    void rejectsEveryBadEntryWithItsIndex() {
        assertThatThrownBy(() -> IpBlocks.parse(List.of("10.0.0.0/33", "1.2.3.4", "bad", "::/129", "10.0.0.0/", "10.0.0.0/08",
                " ", "host.example.com/24"), "http.middlewares.m.ipAllowList.sourceRange"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("sourceRange[0]").hasMessageContaining("0 to 32")
                .hasMessageNotContaining("sourceRange[1]")
                .hasMessageContaining("sourceRange[2]").hasMessageContaining("'bad'")
                .hasMessageContaining("sourceRange[3]").hasMessageContaining("0 to 128")
                .hasMessageContaining("sourceRange[4]").hasMessageContaining("sourceRange[5]")
                .hasMessageContaining("sourceRange[6]").hasMessageContaining("sourceRange[7]");
    }
}
