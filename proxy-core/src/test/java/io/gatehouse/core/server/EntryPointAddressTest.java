package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EntryPointAddressTest {

    @ParameterizedTest
    @CsvSource({
            ":8080, 0.0.0.0, 8080",
            "127.0.0.1:80, 127.0.0.1, 80",
            "'[::1]:8443', ::1, 8443",
            ":8080/tcp, 0.0.0.0, 8080",
            "':0', 0.0.0.0, 0",
            "localhost:65535, localhost, 65535",
    })
    void parsesTraefikAddresses(String text, String host, int port) throws ConfigException {
        assertThat(EntryPointAddress.parse("entryPoints.web.address", text)).isEqualTo(new EntryPointAddress(host, port));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "8080", ":", ":http", ":65536", ":-1", ":99999999999", "::1:80", "[::1:80",
            "[]:80", ":8080/udp", "host:80x", ":1e3", " :80", "a b:80", ":80 ", "h\tst:80"})
    void rejectsBadAddressesWithThePath(String text) {
        assertThatThrownBy(() -> EntryPointAddress.parse("entryPoints.web.address", text))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("entryPoints.web.address: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"8080"})
    void nullIsRejected(String ignored) {
        assertThatThrownBy(() -> EntryPointAddress.parse("entryPoints.web.address", null))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("required");
    }
}
