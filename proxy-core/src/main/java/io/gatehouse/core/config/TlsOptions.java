package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code tls.options.<name>}.
 *
 * @param minVersion       lowest TLS version (default VersionTLS12)
 * @param maxVersion       highest TLS version; null for the highest supported
 * @param cipherSuites     allowed cipher suites (Go names); empty for the defaults
 * @param curvePreferences elliptic curves in preference order; empty for the defaults
 * @param sniStrict        reject handshakes without a matching SNI certificate
 * @param alpnProtocols    ALPN protocols offered (default h2, http/1.1, acme-tls/1)
 * @param clientAuth       client certificate authentication
 */
public record TlsOptions(String minVersion, String maxVersion, List<String> cipherSuites,
                         List<String> curvePreferences, boolean sniStrict, List<String> alpnProtocols,
                         ClientAuth clientAuth) {

    public static final String DEFAULT_MIN_VERSION = "VersionTLS12";
    public static final List<String> DEFAULT_ALPN_PROTOCOLS = List.of("h2", "http/1.1", "acme-tls/1");
    public static final TlsOptions DEFAULTS = new TlsOptions(null, null, null, null, false, null, null);

    public TlsOptions {
        minVersion = minVersion == null ? DEFAULT_MIN_VERSION : minVersion;
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
        curvePreferences = curvePreferences == null ? List.of() : List.copyOf(curvePreferences);
        alpnProtocols = alpnProtocols == null || alpnProtocols.isEmpty()
                ? DEFAULT_ALPN_PROTOCOLS : List.copyOf(alpnProtocols);
        clientAuth = clientAuth == null ? ClientAuth.NONE : clientAuth;
    }

    /**
     * {@code clientAuth}.
     *
     * @param caFiles        CAs that sign acceptable client certificates
     * @param clientAuthType NoClientCert (default without caFiles), RequestClientCert, RequireAnyClientCert,
     *                       VerifyClientCertIfGiven or RequireAndVerifyClientCert (default with caFiles)
     */
    public record ClientAuth(List<String> caFiles, String clientAuthType) {

        public static final String DEFAULT_TYPE = "NoClientCert";
        public static final ClientAuth NONE = new ClientAuth(List.of(), DEFAULT_TYPE);

        public ClientAuth {
            caFiles = caFiles == null ? List.of() : List.copyOf(caFiles);
            // As Traefik: CA files without a type mean RequireAndVerifyClientCert.
            clientAuthType = clientAuthType != null ? clientAuthType
                    : caFiles.isEmpty() ? DEFAULT_TYPE : "RequireAndVerifyClientCert";
        }
    }
}
