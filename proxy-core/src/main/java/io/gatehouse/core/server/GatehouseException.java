package io.gatehouse.core.server;

/** Gatehouse could not start: an entry point is misconfigured or its port cannot be bound. */
public class GatehouseException extends RuntimeException {

    public GatehouseException(String message, Throwable cause) {
        super(message, cause);
    }

    public GatehouseException(String message) {
        super(message);
    }
}
