package io.gatehouse.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "10s, 10000000000",
            "1m30s, 90000000000",
            "250ms, 250000000",
            "1h, 3600000000000",
            "1.5s, 1500000000",
            "300us, 300000",
            "300µs, 300000",
            "300μs, 300000",
            "42ns, 42",
            "1h2m3s4ms5us6ns, 3723004005006",
            ".5s, 500000000",
            "1.s, 1000000000",
            "0, 0",
            "0s, 0",
            "-1s, -1000000000",
            "+2m, 120000000000",
            "-1.5h, -5400000000000",
            "10, 10000000000",
            "-3, -3000000000",
            "+7, 7000000000",
            "1.0000000009s, 1000000000",
            "2562047h47m16.854775807s, 9223372036854775807",
    })
    void parsesGoDurationsAndBareSeconds(String text, long nanos) throws InvalidDurationException {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "1x", "-", "+", ".", ".s", "1.5", "10 s", " 10s", "10s ", "1s2", "1e3s",
            "1,5s", "1sm", "ms", "--1s", "1S", "1H", "0x10", "abc", "9223372036854775808",
            "2562047h47m16.854775808s", "99999999999999999999h", "9223372037s", "1000000000000000000000000s"})
    void rejectsWithACheckedError(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(InvalidDurationException.class)
                .hasMessageContaining("invalid duration")
                .hasMessageContaining("expected a Go duration");
    }

    @Test
    void explainsWhatIsWrong() {
        assertThatThrownBy(() -> Durations.parse("1x")).hasMessageContaining("unknown unit 'x'");
        assertThatThrownBy(() -> Durations.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Durations.parse("s")).hasMessageContaining("expected a number");
        assertThatThrownBy(() -> Durations.parse("1.5")).hasMessageContaining("missing unit");
        assertThatThrownBy(() -> Durations.parse("999999999999h")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Durations.parse(null)).isInstanceOf(InvalidDurationException.class);
    }

    @Test
    void hugeInputIsRejectedQuickly() {
        String huge = "1".repeat(1_000_000) + "s";
        assertThatThrownBy(() -> Durations.parse(huge)).isInstanceOf(InvalidDurationException.class)
                .hasMessageContaining("too long");
        assertThatThrownBy(() -> Durations.parse("1s".repeat(200))).isInstanceOf(InvalidDurationException.class);
    }

    @Test
    void smallestNegativeFits() throws InvalidDurationException {
        assertThat(Durations.parse("-2562047h47m16.854775808s")).isEqualTo(Duration.ofNanos(Long.MIN_VALUE));
    }

    @ParameterizedTest
    @CsvSource({"10s, 10s", "1m30s, 1m30s", "250ms, 250ms", "1.5s, 1.5s", "300us, 300us", "0, 0s", "-1s, -1s",
            "2h, 2h", "42ns, 42ns"})
    void formatsBack(String text, String formatted) throws InvalidDurationException {
        assertThat(Durations.format(Durations.parse(text))).isEqualTo(formatted);
    }
}
