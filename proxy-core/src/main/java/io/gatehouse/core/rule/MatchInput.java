package io.gatehouse.core.rule;

import java.net.InetAddress;
import java.util.List;

/**
 * What a rule can see of a request. Implementations compute each fact at most once per request.
 */
public interface MatchInput {

    /** The request host: lower-cased, port stripped, trailing dot removed; "" when there is none. */
    String host();

    /** The routing path: non-reserved escapes decoded, reserved ones kept, dot segments resolved. */
    String path();

    /** The request method, as sent (upper case for standard methods). */
    String method();

    /** Every value of a request header (names are case-insensitive); empty when absent. */
    List<String> headerValues(String name);

    /** Every decoded value of a query parameter; empty when absent. */
    List<String> queryValues(String name);

    /** Whether the query has the parameter at all (with or without a value). */
    boolean hasQueryParameter(String name);

    /** The connection's peer address; never a forwarded header. Null when unknown. */
    InetAddress clientAddress();
}
