package io.gatehouse.core.tls;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The certificates a TLS entry point serves, indexed by name: exact names first, then
 * {@code *.example.com} wildcards (one label), as Go's crypto/tls selects. Immutable.
 */
public final class CertificateStore {

    private final Map<String, ServerCertificate> exact = new HashMap<>();
    private final Map<String, ServerCertificate> wildcard = new HashMap<>();
    private final Map<String, ServerCertificate> byAlias = new HashMap<>();
    private final ServerCertificate defaultCertificate;

    /**
     * @param certificates       in priority order: for a name served by several, the first wins
     * @param defaultCertificate the configured default; null for the generated one (made on first use)
     */
    public CertificateStore(List<ServerCertificate> certificates, ServerCertificate defaultCertificate) {
        for (ServerCertificate certificate : certificates) {
            byAlias.put(certificate.alias(), certificate);
            for (String name : certificate.names()) {
                if (name.startsWith("*.")) {
                    wildcard.putIfAbsent(name.substring(2), certificate);
                } else {
                    exact.putIfAbsent(name, certificate);
                }
            }
        }
        this.defaultCertificate = defaultCertificate;
        if (defaultCertificate != null) {
            byAlias.put(defaultCertificate.alias(), defaultCertificate);
        }
    }

    /** The certificate for a server name (SNI), or null when none matches. */
    public ServerCertificate match(String serverName) {
        if (serverName == null || serverName.isEmpty()) {
            return null;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        ServerCertificate found = exact.get(name);
        if (found != null) {
            return found;
        }
        int dot = name.indexOf('.');
        return dot > 0 ? wildcard.get(name.substring(dot + 1)) : null;
    }

    /** The configured default certificate, else the generated one (generated on first use, off the IO threads). */
    public ServerCertificate defaultCertificate() {
        return defaultCertificate != null ? defaultCertificate : DefaultCertificate.generated();
    }

    ServerCertificate byAlias(String alias) {
        if (DefaultCertificate.ALIAS.equals(alias)) {
            return DefaultCertificate.generated();
        }
        return alias == null ? null : byAlias.get(alias);
    }
}
