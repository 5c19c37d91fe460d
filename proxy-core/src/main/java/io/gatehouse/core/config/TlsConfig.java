package io.gatehouse.core.config;

import java.util.List;
import java.util.Map;

/**
 * {@code tls}: certificates, named TLS options and certificate stores.
 *
 * @param certificates the certificates to serve
 * @param options      named TLS options; routers pick one by name ({@code default} when none)
 * @param stores       certificate stores; Traefik uses only {@code default}
 */
public record TlsConfig(List<CertificateFiles> certificates, Map<String, TlsOptions> options,
                        Map<String, TlsStore> stores) {

    public static final TlsConfig EMPTY = new TlsConfig(null, null, null);

    public TlsConfig {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        options = HttpConfig.copy(options);
        stores = HttpConfig.copy(stores);
    }
}
