package io.gatehouse.core.testing;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * A backend that answers with what it received, one "name: value" line each: "server", "protocol", "method",
 * "uri" (path and query), then every request header in lower case.
 */
public final class EchoHandler implements HttpHandler {

    private final String name;

    public EchoHandler(String name) {
        this.name = name;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        StringBuilder out = new StringBuilder();
        out.append("server: ").append(name).append('\n');
        out.append("protocol: ").append(exchange.getProtocol()).append('\n');
        out.append("method: ").append(exchange.getRequestMethod()).append('\n');
        String query = exchange.getQueryString();
        out.append("uri: ").append(exchange.getRequestURI()).append(query.isEmpty() ? "" : "?" + query).append('\n');
        for (HeaderValues values : exchange.getRequestHeaders()) {
            for (String value : values) {
                out.append(values.getHeaderName().toString().toLowerCase(java.util.Locale.ROOT)).append(": ")
                        .append(value).append('\n');
            }
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        exchange.getResponseSender().send(out.toString());
    }

    /** The value of the first "name: value" line of an echo body, or null. */
    public static String field(String body, String name) {
        for (String line : body.split("\n")) {
            if (line.startsWith(name + ": ")) {
                return line.substring(name.length() + 2);
            }
        }
        return null;
    }

    /** All values of a field, in order. */
    public static java.util.List<String> fields(String body, String name) {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + ": ")) {
                values.add(line.substring(name.length() + 2));
            }
        }
        return values;
    }
}
