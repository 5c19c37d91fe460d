package io.gatehouse.middleware.encodedcharacters;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code encodedCharacters} in configuration. */
public final class EncodedCharactersType implements MiddlewareType<EncodedCharactersConfig> {

    @Override
    public String name() {
        return "encodedCharacters";
    }

    @Override
    public Class<EncodedCharactersConfig> configType() {
        return EncodedCharactersConfig.class;
    }

    @Override
    public Middleware create(EncodedCharactersConfig config, MiddlewareContext ctx) {
        return new EncodedCharacters(config);
    }
}
