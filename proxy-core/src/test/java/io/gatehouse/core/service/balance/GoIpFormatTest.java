package io.gatehouse.core.service.balance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

class GoIpFormatTest {

    @ParameterizedTest
    @CsvSource({
            "10.1.2.3, 10.1.2.3",
            "0:0:0:0:0:0:0:1, ::1",
            "0:0:0:0:0:0:0:0, ::",
            "2001:DB8:0:0:0:0:0:5, 2001:db8::5",
            "1:0:0:1:0:0:0:1, 1:0:0:1::1",
            "1:0:0:2:0:0:3:4, 1::2:0:0:3:4",
            "1:0:1:0:1:0:1:0, 1:0:1:0:1:0:1:0",
            "fe80:0:0:0:0:0:0:0, fe80::",
            "::ffff:192.0.2.1, 192.0.2.1",
    })
    void formatsAsGo(String input, String expected) throws Exception {
        assertThat(GoIpFormat.format(InetAddress.getByName(input))).isEqualTo(expected);
    }
}
