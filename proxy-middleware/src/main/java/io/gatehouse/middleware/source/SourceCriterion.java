package io.gatehouse.middleware.source;

import io.gatehouse.middleware.ipstrategy.IpStrategyConfig;

/**
 * Traefik's {@code sourceCriterion}: what groups requests together (rateLimit, inFlightReq).
 * At most one of ipStrategy, requestHeaderName and requestHost may be set, as in Traefik.
 */
public record SourceCriterion(IpStrategyConfig ipStrategy, String requestHeaderName, boolean requestHost) {

    /** The client's address, as Traefik when no criterion is given to rateLimit. */
    public static final SourceCriterion CLIENT_IP = new SourceCriterion(IpStrategyConfig.DEFAULTS, null, false);

    /** The request's Host, as Traefik when no criterion is given to inFlightReq. */
    public static final SourceCriterion REQUEST_HOST = new SourceCriterion(null, null, true);

    public SourceCriterion {
        if (requestHeaderName != null && requestHeaderName.isBlank()) {
            requestHeaderName = null;
        }
        if (requestHeaderName != null && !requestHeaderName.chars().allMatch(SourceCriterion::isTokenChar)) {
            throw new IllegalArgumentException("requestHeaderName: not a valid header name (got '" + requestHeaderName + "')");
        }
        if (ipStrategy != null && requestHeaderName != null) {
            throw new IllegalArgumentException("ipStrategy and requestHeaderName are mutually exclusive");
        }
        if (ipStrategy != null && requestHost) {
            throw new IllegalArgumentException("ipStrategy and requestHost are mutually exclusive");
        }
        if (requestHeaderName != null && requestHost) {
            throw new IllegalArgumentException("requestHeaderName and requestHost are mutually exclusive");
        }
    }

    public static SourceCriterion header(String name) {
        return new SourceCriterion(null, name, false);
    }

    /** Whether nothing is set, so that the middleware's own default applies. */
    public boolean isEmpty() {
        return ipStrategy == null && requestHeaderName == null && !requestHost;
    }

    private static boolean isTokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }
}
