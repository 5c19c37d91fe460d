package io.gatehouse.middleware.forwardauth;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.tls.ClientTls;

import javax.net.ssl.SSLContext;
import java.util.ArrayList;
import java.util.List;

/** Builds the SSLContext for calls to the auth server from {@link ForwardAuthTlsConfig}, once. */
final class AuthClientTls {

    private AuthClientTls() {
    }

    static SSLContext context(ForwardAuthTlsConfig tls, String path) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        boolean hasCert = tls.cert() != null && !tls.cert().isBlank();
        boolean hasKey = tls.key() != null && !tls.key().isBlank();
        if (hasCert != hasKey) {
            throw new ConfigException(path + (hasCert ? ".key" : ".cert"), null, "cert and key must be given together");
        }
        List<ClientTls.Trusted> cas = tls.ca() == null || tls.ca().isBlank() ? List.of()
                : List.of(new ClientTls.Trusted(tls.ca(), path + ".ca"));
        List<ClientTls.Identity> identities = hasCert
                ? List.of(new ClientTls.Identity(tls.cert(), path + ".cert", tls.key(), path + ".key")) : List.of();
        SSLContext context = ClientTls.context(tls.insecureSkipVerify(), cas, identities, path, errors);
        if (context == null) {
            throw new ConfigException(errors);
        }
        return context;
    }
}
