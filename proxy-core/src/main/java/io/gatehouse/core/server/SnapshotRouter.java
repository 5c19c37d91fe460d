package io.gatehouse.core.server;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;

/**
 * An entry point's handler: routes through the current snapshot's router for this entry point.
 * One volatile read per request; a request keeps the snapshot it started with.
 */
final class SnapshotRouter implements HttpHandler {

    private final ConfigPipeline pipeline;
    private final int entryPoint;

    /** @param entryPoint the entry point's index, or -1 for the routers that name none */
    SnapshotRouter(ConfigPipeline pipeline, int entryPoint) {
        this.pipeline = pipeline;
        this.entryPoint = entryPoint;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        pipeline.current().router(entryPoint, exchange.getConnection().getSslSessionInfo() != null)
                .handleRequest(exchange);
    }
}
