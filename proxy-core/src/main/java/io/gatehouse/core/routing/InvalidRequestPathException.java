package io.gatehouse.core.routing;

/**
 * A request target the proxy refuses (answered with 400): it cannot be routed without guessing
 * how the backend would read it. The message says what was wrong and where.
 */
public final class InvalidRequestPathException extends Exception {

    public InvalidRequestPathException(String message) {
        super(message);
    }
}
