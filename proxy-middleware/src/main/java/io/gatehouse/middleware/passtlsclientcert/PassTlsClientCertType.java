package io.gatehouse.middleware.passtlsclientcert;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.middleware.MiddlewareType;

/** {@code passTLSClientCert}. */
public final class PassTlsClientCertType implements MiddlewareType<PassTlsClientCertConfig> {

    @Override
    public String name() {
        return "passTLSClientCert";
    }

    @Override
    public Class<PassTlsClientCertConfig> configType() {
        return PassTlsClientCertConfig.class;
    }

    @Override
    public Middleware create(PassTlsClientCertConfig config, MiddlewareContext ctx) {
        return new PassTlsClientCert(config);
    }
}
