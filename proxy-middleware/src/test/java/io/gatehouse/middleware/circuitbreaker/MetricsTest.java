package io.gatehouse.middleware.circuitbreaker;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsTest {

    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void ratiosOverTheRollingWindow() {
        Metrics m = new Metrics();
        long t = 100 * S;
        m.record(200, MS, t);
        m.record(502, MS, t);
        m.record(504, MS, t + S);
        m.record(500, MS, t + 2 * S);
        m.at(t + 2 * S);
        assertThat(m.networkErrorRatio()).isEqualTo(0.5);
        assertThat(m.responseCodeRatio(500, 600, 0, 600)).isEqualTo(0.75);
        assertThat(m.responseCodeRatio(500, 501, 500, 600)).isCloseTo(1.0 / 3, within(1e-9));
        // ten seconds later the first slot has aged out
        m.at(t + 10 * S);
        assertThat(m.networkErrorRatio()).isEqualTo(0.5);
        assertThat(m.responseCodeRatio(200, 300, 0, 600)).isZero();
        m.at(t + 30 * S);
        assertThat(m.networkErrorRatio()).isZero();
    }

    @Test
    void aSlotIsClearedWhenReusedAndResetForgetsAll() {
        Metrics m = new Metrics();
        m.record(502, MS, 5 * S);
        m.record(200, MS, 15 * S); // same slot, ten seconds later
        assertThat(m.at(15 * S).networkErrorRatio()).isZero();
        m.record(502, MS, 15 * S);
        m.reset();
        assertThat(m.at(15 * S).networkErrorRatio()).isZero();
        assertThat(m.latencyAtQuantileMillis(50)).isZero();
    }

    @Test
    void latencyQuantilesWithinTheHistogramsPrecision() {
        Metrics m = new Metrics();
        for (int i = 1; i <= 100; i++) {
            m.record(200, i * MS, 50 * S);
        }
        m.at(50 * S);
        assertThat(m.latencyAtQuantileMillis(50)).isCloseTo(50, within(50 * 0.07));
        assertThat(m.latencyAtQuantileMillis(99)).isCloseTo(99, within(99 * 0.07));
        assertThat(m.latencyAtQuantileMillis(100)).isCloseTo(100, within(100 * 0.07));
    }

    @Test
    void binsCoverEveryLatency() {
        for (long micros : new long[] {0, 1, 15, 16, 17, 31, 32, 33, 1000, 123_456, 10_000_000_000L, Long.MAX_VALUE / 1000}) {
            int bin = Metrics.bin(micros);
            assertThat(Metrics.upperMicros(bin)).isGreaterThanOrEqualTo(Math.min(micros, Metrics.upperMicros(bin)));
            if (micros < (1L << 40)) {
                assertThat(Metrics.upperMicros(bin)).isGreaterThanOrEqualTo(micros);
                assertThat(bin == 0 || Metrics.upperMicros(bin - 1) < micros).isTrue();
            }
        }
    }
}
