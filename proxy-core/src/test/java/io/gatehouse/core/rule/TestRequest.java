package io.gatehouse.core.rule;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A request as rules see it, built in tests. Header names are case-insensitive, as in MatchInput. */
record TestRequest(String host, String path, String method, Map<String, List<String>> headers,
                   Map<String, List<String>> query, InetAddress clientAddress) implements MatchInput {

    static TestRequest to(String host, String path) {
        return new TestRequest(host, path, "GET", Map.of(), Map.of(), null);
    }

    static TestRequest path(String path) {
        return to("example.com", path);
    }

    static TestRequest host(String host) {
        return to(host, "/");
    }

    TestRequest method(String method) {
        return new TestRequest(host, path, method, headers, query, clientAddress);
    }

    TestRequest header(String name, String... values) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        copy.put(name, List.of(values));
        return new TestRequest(host, path, method, copy, query, clientAddress);
    }

    TestRequest query(String key, String... values) {
        Map<String, List<String>> copy = new LinkedHashMap<>(query);
        copy.put(key, List.of(values));
        return new TestRequest(host, path, method, headers, copy, clientAddress);
    }

    TestRequest from(String ipLiteral) {
        try {
            return new TestRequest(host, path, method, headers, query, InetAddress.getByName(ipLiteral));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<String> headerValues(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
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
