package io.gatehouse.middleware.inflightreq;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code inFlightReq} in configuration. */
public final class InFlightReqType implements MiddlewareType<InFlightReqConfig> {

    @Override
    public String name() {
        return "inFlightReq";
    }

    @Override
    public Class<InFlightReqConfig> configType() {
        return InFlightReqConfig.class;
    }

    @Override
    public Middleware create(InFlightReqConfig config, MiddlewareContext ctx) {
        return new InFlightReq(config);
    }
}
