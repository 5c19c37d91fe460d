package io.gatehouse.middleware.inflightreq;

import io.gatehouse.middleware.source.SourceCriterion;

/**
 * Traefik's {@code inFlightReq} options.
 *
 * @param amount          the most requests of one source being served at once (required, at least 1)
 * @param sourceCriterion what a "source" is (default: the request's Host, as Traefik)
 */
public record InFlightReqConfig(long amount, SourceCriterion sourceCriterion) {

    public InFlightReqConfig {
        if (amount <= 0) {
            throw new IllegalArgumentException("amount must be at least 1 (got " + amount + ")");
        }
    }
}
