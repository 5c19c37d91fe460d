package io.gatehouse.core.http;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusRangesTest {

    @Test
    void validEntriesHaveNoProblem() {
        assertThat(StatusRanges.problem("500-599")).isNull();
        assertThat(StatusRanges.problem("100-100")).isNull();
    }

    @Test
    void malformedAndHostileEntriesSayWhatIsWrong() {
        for (String bad : List.of("99", "600", "-1", "500-", "-500", "5OO", "500-600", "9999999999", "５００", "0500",
                "1-2-3", "", "  ", "5xx", "500--599", "+500", "50 0", " 502 ", "500 - 599", "500,", ",500", "500, 502", "500,503")) {
            assertThat(StatusRanges.problem(bad)).as(bad).startsWith("expected a status code or a range such as 500-599 (got '");
        }
        assertThat(StatusRanges.problem(null)).isEqualTo("expected a status code or a range such as 500-599 (got ''; codes are numbers)");
        assertThat(StatusRanges.problem("600")).endsWith("(got '600'; codes are 100 to 599)");
        assertThat(StatusRanges.problem("599-500")).endsWith("(got '599-500'; the range ends before it starts)");
        assertThat(StatusRanges.problem("1-2-3")).endsWith("(got '1-2-3'; one code or two joined by '-')");
    }

    @Test
    void parseNamesTheFirstBadEntry() {
        assertThatThrownBy(() -> StatusRanges.parse(Arrays.asList("500", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("status[1]: expected a status code or a range such as 500-599 (got ''; codes are numbers)");
    }

    @Test
    void containsExactlyTheListedCodes() {
        StatusRanges ranges = StatusRanges.parse(List.of("500-501", "429", "599", "502"));
        assertThat(ranges.contains(500)).isTrue();
        assertThat(ranges.contains(501)).isTrue();
        assertThat(ranges.contains(502)).isTrue();
        assertThat(ranges.contains(429)).isTrue();
        assertThat(ranges.contains(599)).isTrue();
        assertThat(ranges.contains(503)).isFalse();
        assertThat(ranges.contains(499)).isFalse();
        assertThat(ranges.contains(200)).isFalse();
        assertThat(ranges.contains(-1)).isFalse();
        assertThat(ranges.contains(600)).isFalse();
        assertThat(ranges.contains(Integer.MAX_VALUE)).isFalse();
        assertThat(StatusRanges.parse(List.of()).contains(500)).isFalse();
    }
}
