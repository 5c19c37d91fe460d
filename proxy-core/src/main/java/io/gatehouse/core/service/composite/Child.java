package io.gatehouse.core.service.composite;

import io.gatehouse.core.service.ServiceHandler;
import io.undertow.server.HttpHandler;

/**
 * A service a composite sends requests to.
 *
 * @param name    the child's qualified name ({@code api@file})
 * @param weight  its weight (weighted, highestRandomWeight); 1 elsewhere
 * @param service the child itself: asked whether it is up
 * @param handler what requests are handed to: the child, usually behind the pipeline's in-flight counter, so a
 *                child retired by a reload is closed only when the requests sent through its parents are done
 */
public record Child(String name, int weight, ServiceHandler service, HttpHandler handler) {

    /** A child called directly (no in-flight counter in front). */
    public static Child of(ServiceHandler service, int weight) {
        return new Child(service.name(), weight, service, service);
    }
}
