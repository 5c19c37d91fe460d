package io.gatehouse.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Durations.parse against Go's time.ParseDuration plus Traefik's bare-seconds integers. */
class DurationsAdversarialTest {

    private static Duration parse(String s) throws InvalidDurationException {
        return Durations.parse(s);
    }

    /** Rejected with the checked exception (never an unchecked one), naming the input. */
    private static void assertRejected(String input) {
        Throwable t = catchThrowable(() -> Durations.parse(input));
        assertThat(t).as("Durations.parse(\"%s\")", input).isInstanceOf(InvalidDurationException.class);
        assertThat(((InvalidDurationException) t).input()).isEqualTo(input);
        assertThat(t.getMessage()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", " ", "s", "1 s", "10 s", " 1s", "1s ", "1.5.3s", "1h-1m", "1e3s", "0x10s", "1x", "1S", "1H",
            "1.5", ".", ".s", "-", "+", "-s", "1_000s", "1,5s", "1s1", "h1", "ms", "--1s", "+-1s", "1..5s",
            "\t1s", "1s\n", "1sec", "1 seconds", "1d", "1w", "1y", "NaN", "Infinity", "inf", "1e309", "0x10",
            "1ss", "1mss", "1µ", "1u", "1n"
    })
    void malformedDurationsAreRejected(String input) {
        assertRejected(input);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // Unicode digits: Java's Character.isDigit / Long.parseLong accept these, Go does not.
            "\u0661\u0660s", "\u0661\u0660", "\uFF11s", "\uFF11\uFF10", "\u0967s"
    })
    void nonAsciiDigitsAreRejected(String input) {
        assertRejected(input);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "9999999999h", "2562048h", "2562047h47m16.854775808s", "9223372036854775808ns",
            "9223372037", "99999999999999999999", "9223372036854775807", "-9999999999h",
            "1000000000000000000000ns", "2562047h2562047h"
    })
    void overflowIsRejected(String input) {
        assertRejected(input);
    }

    @Test
    void goDurationsParse() throws Exception {
        assertThat(parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(parse("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(parse("1.5h")).isEqualTo(Duration.ofMinutes(90));
        assertThat(parse(".5s")).isEqualTo(Duration.ofMillis(500));
        assertThat(parse("300us")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(parse("300\u00b5s")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(parse("300\u03bcs")).isEqualTo(Duration.ofNanos(300_000));
        assertThat(parse("42ns")).isEqualTo(Duration.ofNanos(42));
        assertThat(parse("-1s")).isEqualTo(Duration.ofSeconds(-1));
    }

    @Test
    void signsAndZerosFollowGo() throws Exception {
        // Go accepts a leading '+' and a signed zero.
        assertThat(parse("+1s")).isEqualTo(Duration.ofSeconds(1));
        assertThat(parse("-0")).isEqualTo(Duration.ZERO);
        assertThat(parse("0")).isEqualTo(Duration.ZERO);
        assertThat(parse("0s")).isEqualTo(Duration.ZERO);
        assertThat(parse("-0s")).isEqualTo(Duration.ZERO);
    }

    @Test
    void bareIntegersAreSeconds() throws Exception {
        assertThat(parse("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(parse("9223372036")).isEqualTo(Duration.ofSeconds(9223372036L));
        assertThat(parse("007")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void goOddButValidFormsParse() throws Exception {
        assertThat(parse("1.s")).isEqualTo(Duration.ofSeconds(1));        // Go: digits before '.' suffice
        assertThat(parse("1h1h")).isEqualTo(Duration.ofHours(2));         // units may repeat
        assertThat(parse("1s1h")).isEqualTo(Duration.ofSeconds(3601));    // in any order
        assertThat(parse("1.000000000000000000000000001s")).isEqualTo(Duration.ofSeconds(1)); // long fraction
        assertThat(parse("0.0000000001s")).isEqualTo(Duration.ZERO);      // below 1ns truncates
    }

    @Test
    void theExactGoLimitParses() throws Exception {
        assertThat(parse("2562047h47m16.854775807s")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
        assertThat(parse("9223372036854775807ns")).isEqualTo(Duration.ofNanos(Long.MAX_VALUE));
    }

    @Test
    void veryLongInputIsRejectedWithTheCheckedException() {
        for (String input : new String[] {"1".repeat(1_000_000) + "s", "1h".repeat(3_000_000)}) {
            Throwable t = catchThrowable(() -> Durations.parse(input));
            assertThat(t).isInstanceOf(InvalidDurationException.class);
            assertThat(t.getMessage().length()).as("message stays readable").isLessThan(10_000);
        }
    }

    @Test
    void inputIsTheRejectedTextEvenWhenLong() {
        // InvalidDurationException.input() javadoc: "The text that was rejected."
        String input = "1".repeat(1_000_000) + "s";
        Throwable t = catchThrowable(() -> Durations.parse(input));
        assertThat(t).isInstanceOf(InvalidDurationException.class);
        assertThat(((InvalidDurationException) t).input().length()).isEqualTo(input.length());
    }
}
