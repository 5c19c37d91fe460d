package io.gatehouse.middleware.ipallowlist;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.http.PlainResponses;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.net.IpBlocks;
import io.gatehouse.middleware.ipstrategy.SourceIp;
import io.undertow.server.HttpHandler;

/**
 * Lets a request through only when its client IP (chosen by the ipStrategy) is in sourceRange; otherwise answers
 * rejectStatusCode. A request whose client IP cannot be determined is rejected, as in Traefik.
 */
public final class IpAllowList implements Middleware {

    private final IpBlocks allowed;
    private final SourceIp sourceIp;
    private final int rejectStatusCode;

    /**
     * @param path the option path for errors, e.g. {@code http.middlewares.m.ipAllowList}
     */
    public IpAllowList(IpAllowListConfig config, String path) throws ConfigException {
        if (config.sourceRange().isEmpty()) {
            throw new ConfigException(path + ".sourceRange", null,
                    "sourceRange is empty: give at least one IP or CIDR block to allow");
        }
        this.allowed = IpBlocks.parse(config.sourceRange(), path + ".sourceRange");
        this.sourceIp = SourceIp.of(config.ipStrategy());
        this.rejectStatusCode = config.rejectStatusCode();
    }

    /** For code: {@code IpAllowList.of("10.0.0.0/8", "192.168.1.7")}. */
    public static IpAllowList of(String... sourceRange) throws ConfigException {
        return new IpAllowList(IpAllowListConfig.of(sourceRange), "ipAllowList");
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return exchange -> {
            byte[] client = sourceIp.clientAddress(exchange);
            if (client == null || !allowed.contains(client)) {
                PlainResponses.send(exchange, rejectStatusCode);
                return;
            }
            next.handleRequest(exchange);
        };
    }
}
