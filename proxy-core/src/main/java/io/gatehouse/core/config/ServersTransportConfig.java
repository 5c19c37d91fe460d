package io.gatehouse.core.config;

import java.util.List;

/**
 * {@code http.serversTransports.<name>}: how the proxy reaches servers.
 *
 * @param serverName          SNI and the name verified in the server's certificate
 * @param insecureSkipVerify  trust any server certificate
 * @param rootCAs             PEM files of the CAs to trust; empty means the JDK's defaults
 * @param certificates        client certificates presented to servers
 * @param maxIdleConnsPerHost idle connections kept per server (Traefik default 200)
 * @param forwardingTimeouts  dial, response header and idle timeouts
 * @param disableHTTP2        never negotiate HTTP/2 with servers
 * @param cipherSuites        allowed TLS cipher suites (Go names); empty means the defaults
 * @param minVersion          lowest TLS version, e.g. VersionTLS12; null for the default
 * @param maxVersion          highest TLS version; null for the default
 * @param peerCertURI         a SAN URI the server's certificate must carry; null for none
 */
public record ServersTransportConfig(String serverName, boolean insecureSkipVerify, List<String> rootCAs,
                                     List<CertificateFiles> certificates, int maxIdleConnsPerHost,
                                     ForwardingTimeouts forwardingTimeouts, boolean disableHTTP2,
                                     List<String> cipherSuites, String minVersion, String maxVersion,
                                     String peerCertURI) {

    public static final int DEFAULT_MAX_IDLE_CONNS_PER_HOST = 200;
    public static final ServersTransportConfig DEFAULT =
            new ServersTransportConfig(null, false, List.of(), List.of(), DEFAULT_MAX_IDLE_CONNS_PER_HOST,
                    ForwardingTimeouts.DEFAULTS, false);

    public ServersTransportConfig {
        rootCAs = rootCAs == null ? List.of() : List.copyOf(rootCAs);
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        forwardingTimeouts = forwardingTimeouts == null ? ForwardingTimeouts.DEFAULTS : forwardingTimeouts;
        cipherSuites = cipherSuites == null ? List.of() : List.copyOf(cipherSuites);
    }

    public ServersTransportConfig(String serverName, boolean insecureSkipVerify, List<String> rootCAs,
                                  List<CertificateFiles> certificates, int maxIdleConnsPerHost,
                                  ForwardingTimeouts forwardingTimeouts, boolean disableHTTP2) {
        this(serverName, insecureSkipVerify, rootCAs, certificates, maxIdleConnsPerHost, forwardingTimeouts,
                disableHTTP2, null, null, null, null);
    }
}
