package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.routers.<name>.tls}. Present (even empty) means the router serves HTTPS only.
 *
 * @param options      the name of a {@code tls.options} entry; null for {@code default}
 * @param certResolver the certificate resolver (ACME); null for none
 * @param domains      domains to get certificates for
 */
public record RouterTlsConfig(String options, String certResolver, List<Domain> domains) {

    public static final RouterTlsConfig DEFAULT = new RouterTlsConfig(null, null, List.of());

    public RouterTlsConfig {
        domains = domains == null ? List.of() : List.copyOf(domains);
    }

    /**
     * {@code tls.domains[n]}.
     *
     * @param main the main domain
     * @param sans subject alternative names
     */
    public record Domain(String main, List<String> sans) {
        public Domain {
            sans = sans == null ? List.of() : List.copyOf(sans);
        }
    }
}
