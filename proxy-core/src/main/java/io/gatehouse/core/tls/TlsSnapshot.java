package io.gatehouse.core.tls;

import io.gatehouse.core.config.ConfigError;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS side of one built configuration: the certificate store, the compiled TLS options, and
 * which options serve which host (from the routers' Host rules). Immutable; swapped with the
 * routing snapshot, so a new handshake sees the new certificates and open connections keep theirs.
 */
public final class TlsSnapshot {

    /** The default options name. */
    public static final String DEFAULT = "default";

    private final CertificateStore store;
    private final Map<String, CompiledTlsOptions> options;
    private final CompiledTlsOptions defaultOptions;
    private final Map<String, CompiledTlsOptions> exactHosts;
    private final Map<String, CompiledTlsOptions> wildcardHosts;
    final Object materialKey;
    private final List<ConfigError> materialErrors;
    private final List<CertificateSlot.Loaded> loadedSlots;

    TlsSnapshot(CertificateStore store, Map<String, CompiledTlsOptions> options, Map<String, CompiledTlsOptions> exactHosts,
                Map<String, CompiledTlsOptions> wildcardHosts, Object materialKey, List<ConfigError> materialErrors,
                List<CertificateSlot.Loaded> loadedSlots) {
        this.materialErrors = List.copyOf(materialErrors);
        this.loadedSlots = List.copyOf(loadedSlots);
        this.store = store;
        this.options = Map.copyOf(options);
        this.defaultOptions = options.get(DEFAULT);
        this.exactHosts = Map.copyOf(exactHosts);
        this.wildcardHosts = Map.copyOf(wildcardHosts);
        this.materialKey = materialKey;
    }

    /** A snapshot without certificates: the generated default certificate and default options. */
    public static TlsSnapshot empty() {
        return new TlsSnapshotBuilder(null).build();
    }

    /** The options for a handshake whose SNI is {@code serverName} (null when absent): the host's, else default. */
    public CompiledTlsOptions optionsFor(String serverName) {
        if (serverName == null || (exactHosts.isEmpty() && wildcardHosts.isEmpty())) {
            return defaultOptions;
        }
        String name = serverName.toLowerCase(Locale.ROOT);
        CompiledTlsOptions found = exactHosts.get(name);
        if (found == null) {
            int dot = name.indexOf('.');
            found = dot > 0 ? wildcardHosts.get(name.substring(dot + 1)) : null;
        }
        return found != null ? found : defaultOptions;
    }

    /** The certificate and options errors this snapshot's material was built with. */
    List<ConfigError> materialErrors() {
        return materialErrors;
    }

    /** The certificate each configured entry served with, for the next build's fallback. */
    List<CertificateSlot.Loaded> loadedSlots() {
        return loadedSlots;
    }

    public CertificateStore certificates() {
        return store;
    }

    /** Compiled options by qualified name ({@code default}, {@code modern@file}). */
    public Map<String, CompiledTlsOptions> options() {
        return options;
    }
}
