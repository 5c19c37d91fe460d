package io.gatehouse.core.service.health;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gatehouse.core.config.ForwardedHeadersConfig;
import io.gatehouse.core.config.HealthCheckConfig;
import io.gatehouse.core.config.LoadBalancerConfig;
import io.gatehouse.core.config.ServerConfig;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.service.Server;
import io.gatehouse.core.testing.TestProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the tests of live active checks share: a proxy in front of real backends, the health log lines captured, and
 * everything opened closed after each test, last first.
 */
abstract class LiveHealthChecks {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final Duration INTERVAL = Duration.ofMillis(50);

    private final List<AutoCloseable> open = new ArrayList<>();
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ServerHealth.class);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(logs);
    }

    @AfterEach
    void closeAll() throws Exception {
        ((Logger) LoggerFactory.getLogger(ServerHealth.class)).detachAppender(logs);
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    <T extends AutoCloseable> T open(T closeable) {
        open.add(closeable);
        return closeable;
    }

    /** Waits until a health log line matches. */
    void awaitLog(Predicate<String> message) throws InterruptedException {
        Await.until(() -> messages().stream().anyMatch(message));
    }

    /** The health log lines so far. */
    List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    static LoadBalancerConfig lb(HealthCheckConfig check, String... urls) {
        return new LoadBalancerConfig(Arrays.stream(urls).map(ServerConfig::of).toList(), true, null, null, null,
                null, check, null);
    }

    TestProxy proxy(LoadBalancerConfig lb, ServersTransportConfig transport) throws Exception {
        return open(new TestProxy(lb, transport, ForwardedHeadersConfig.NONE_TRUSTED));
    }

    static Server server(TestProxy proxy, int index) {
        return proxy.service().servers().get(index);
    }
}
