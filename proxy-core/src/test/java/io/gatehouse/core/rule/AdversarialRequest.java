package io.gatehouse.core.rule;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A request as rules see it, built by hand: host and path are given already canonical. */
record AdversarialRequest(String host, String path, String method, Map<String, List<String>> headers,
        Map<String, List<String>> query, InetAddress clientAddress) implements MatchInput {

    AdversarialRequest {
        TreeMap<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        headers = byName;
    }

    static AdversarialRequest of(String host, String path) {
        return new AdversarialRequest(host, path, "GET", Map.of(), Map.of(), null);
    }

    static AdversarialRequest host(String host) {
        return of(host, "/");
    }

    static AdversarialRequest path(String path) {
        return of("example.com", path);
    }

    static AdversarialRequest header(String name, String value) {
        return new AdversarialRequest("example.com", "/", "GET", Map.of(name, List.of(value)), Map.of(), null);
    }

    static AdversarialRequest query(String name, String... values) {
        return new AdversarialRequest("example.com", "/", "GET", Map.of(), Map.of(name, List.of(values)), null);
    }

    static AdversarialRequest method(String method) {
        return new AdversarialRequest("example.com", "/", method, Map.of(), Map.of(), null);
    }

    static AdversarialRequest client(InetAddress address) {
        return new AdversarialRequest("example.com", "/", "GET", Map.of(), Map.of(), address);
    }

    @Override
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    @Override
    public List<String> queryValues(String name) {
        return query.getOrDefault(name, List.of());
    }

    @Override
    public boolean hasQueryParameter(String name) {
        return query.containsKey(name);
    }
}
