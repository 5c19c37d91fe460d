package io.gatehouse.middleware.errors;

import java.util.List;
import java.util.Map;

/**
 * Traefik's {@code errors}.
 *
 * @param status         statuses that get an error page: "500", "500-599", "404,418,500-599"
 * @param service        the service that serves the pages
 * @param query          the page's path; {status}, {originalStatus} and {url} (the URL-escaped request target) are
 *                       replaced; empty = "/"
 * @param statusRewrites      status ranges mapped to the status the client gets, e.g. "418": 404 or "500-503": 500
 * @param errorRequestHeaders the request headers sent to the page service; null = all, empty = none
 */
public record ErrorsConfig(List<String> status, String service, String query, Map<String, Integer> statusRewrites,
                           List<String> errorRequestHeaders) {

    public static final ErrorsConfig DEFAULTS = new ErrorsConfig(List.of(), null, null, Map.of(), null);

    public ErrorsConfig {
        status = status == null ? List.of() : List.copyOf(status);
        statusRewrites = statusRewrites == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(statusRewrites));
        errorRequestHeaders = errorRequestHeaders == null ? null : List.copyOf(errorRequestHeaders);
        if (errorRequestHeaders != null) {
            for (int i = 0; i < errorRequestHeaders.size(); i++) {
                io.gatehouse.middleware.support.Options.headerName("errorRequestHeaders[" + i + "]",
                        errorRequestHeaders.get(i).trim());
            }
        }
    }

    public static ErrorsConfig of(String service, String query, String... status) {
        return new ErrorsConfig(List.of(status), service, query, Map.of(), null);
    }

    public ErrorsConfig withStatusRewrites(Map<String, Integer> rewrites) {
        return new ErrorsConfig(status, service, query, rewrites, errorRequestHeaders);
    }

    public ErrorsConfig withErrorRequestHeaders(String... headers) {
        return new ErrorsConfig(status, service, query, statusRewrites, List.of(headers));
    }
}
