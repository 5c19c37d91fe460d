package io.gatehouse.middleware.chain;

import io.gatehouse.middleware.support.Options;

import java.util.List;

/**
 * {@code chain}: Traefik's option.
 *
 * @param middlewares names of other middlewares, applied in this order (the first one sees the request first)
 */
public record ChainConfig(List<String> middlewares) {

    public static final ChainConfig DEFAULTS = new ChainConfig(List.of());

    public ChainConfig {
        middlewares = Options.list("middlewares", middlewares);
        for (int i = 0; i < middlewares.size(); i++) {
            if (middlewares.get(i).isBlank()) {
                throw new IllegalArgumentException("middlewares[" + i + "]: empty middleware name");
            }
        }
    }
}
