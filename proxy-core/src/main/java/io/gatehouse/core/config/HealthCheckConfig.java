package io.gatehouse.core.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code loadBalancer.healthCheck}: active health checks.
 *
 * @param scheme            replaces the server URL's scheme for the check; null keeps it
 * @param mode              http (default) or grpc
 * @param path              the path to request
 * @param method            the HTTP method (default GET, null here)
 * @param status            the expected status; 0 means any 2xx/3xx
 * @param port              replaces the server URL's port; 0 keeps it
 * @param interval          between checks of a healthy server (default 30s)
 * @param unhealthyInterval between checks of an unhealthy server (default: interval)
 * @param timeout           for one check (default 5s)
 * @param hostname          the Host header to send; null for the server's
 * @param followRedirects   follow redirects (default true)
 * @param headers           extra request headers
 */
public record HealthCheckConfig(String scheme, String mode, String path, String method, int status, int port,
                                Duration interval, Duration unhealthyInterval, Duration timeout, String hostname,
                                boolean followRedirects, Map<String, String> headers) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final String DEFAULT_MODE = "http";

    public HealthCheckConfig {
        mode = mode == null ? DEFAULT_MODE : mode;
        interval = interval == null ? DEFAULT_INTERVAL : interval;
        unhealthyInterval = unhealthyInterval == null ? interval : unhealthyInterval;
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        headers = HttpConfig.copy(headers);
    }
}
