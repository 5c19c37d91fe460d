package io.gatehouse.core.proxy;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackendTransportTimeoutsTest {

    @Test
    void subMillisecondTimeoutIsRoundedUpNotToNoLimit() {
        assertThat(responseHeaderTimeoutMillis(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(responseHeaderTimeoutMillis(Duration.ofNanos(999_999))).isEqualTo(1);
    }

    @Test
    void zeroStaysNoLimitAndWholeMillisecondsAreKept() {
        assertThat(responseHeaderTimeoutMillis(Duration.ZERO)).isZero();
        assertThat(responseHeaderTimeoutMillis(Duration.ofMillis(250))).isEqualTo(250);
    }

    @Test
    void subMillisecondDialAndIdleTimeoutsAreAccepted() {
        List<ConfigError> errors = new ArrayList<>();
        BackendTransport transport = BackendTransport.create(transport(new ForwardingTimeouts(Duration.ofNanos(1),
                Duration.ZERO, Duration.ofNanos(1))), "http.serversTransports.t", false, errors);
        assertThat(errors).isEmpty();
        assertThat(transport).isNotNull();
    }

    private static long responseHeaderTimeoutMillis(Duration timeout) {
        List<ConfigError> errors = new ArrayList<>();
        BackendTransport transport = BackendTransport.create(transport(new ForwardingTimeouts(null, timeout, null)),
                "http.serversTransports.t", false, errors);
        assertThat(errors).isEmpty();
        return transport.responseHeaderTimeoutMillis();
    }

    private static ServersTransportConfig transport(ForwardingTimeouts timeouts) {
        return new ServersTransportConfig(null, false, List.of(), List.of(), 2, timeouts, false);
    }
}
