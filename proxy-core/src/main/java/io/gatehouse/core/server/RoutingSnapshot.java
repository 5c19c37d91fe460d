package io.gatehouse.core.server;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.routing.RouteTable;

import java.util.List;
import java.util.Map;

/**
 * One built configuration: a route table per entry point, the table of routers bound to no entry
 * point in particular (what {@link Gatehouse#handler()} serves), the errors that disabled routers
 * or services, and the services to close when this snapshot is retired.
 */
record RoutingSnapshot(Map<String, RouteTable> tablesByEntryPoint, RouteTable unboundTable,
                       List<ConfigError> errors, List<AutoCloseable> services) {

    RoutingSnapshot {
        tablesByEntryPoint = Map.copyOf(tablesByEntryPoint);
        errors = List.copyOf(errors);
        services = List.copyOf(services);
    }

    RouteTable table(String entryPoint) {
        return tablesByEntryPoint.getOrDefault(entryPoint, RouteTable.EMPTY);
    }
}
