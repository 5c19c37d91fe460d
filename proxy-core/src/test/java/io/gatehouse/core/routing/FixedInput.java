package io.gatehouse.core.routing;

import io.gatehouse.core.rule.MatchInput;

import java.net.InetAddress;
import java.util.List;

/**
 * A request reduced to its canonical host (as {@link MatchInput#host()} promises), routing path and method, for
 * table tests that need no server.
 */
record FixedInput(String host, String path, String method) implements MatchInput {

    FixedInput(String host, String path) {
        this(host, path, "GET");
    }

    @Override
    public List<String> headerValues(String name) {
        return List.of();
    }

    @Override
    public List<String> queryValues(String name) {
        return List.of();
    }

    @Override
    public boolean hasQueryParameter(String name) {
        return false;
    }

    @Override
    public InetAddress clientAddress() {
        return null;
    }
}
