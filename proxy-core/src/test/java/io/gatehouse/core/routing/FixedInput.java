package io.gatehouse.core.routing;

import io.gatehouse.core.rule.MatchInput;

import java.net.InetAddress;
import java.util.List;

/** A request reduced to host and path, for table tests that need no server. */
record FixedInput(String host, String path) implements MatchInput {

    @Override
    public String method() {
        return "GET";
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
