package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ForwardingTimeouts;
import io.gatehouse.core.config.ServersTransportConfig;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.config.TlsStore;
import io.gatehouse.core.tls.TlsNames;

import java.util.List;
import java.util.Map;

/** Binds the TLS side: {@code tls.*} and {@code http.serversTransports.<name>}. */
final class TlsBinder {

    // The same lists CompiledTlsOptions checks against, matched exactly as Traefik's Go maps are.
    static final List<String> TLS_VERSIONS = List.copyOf(TlsNames.VERSIONS.keySet());
    static final List<String> CLIENT_AUTH_TYPES = TlsNames.CLIENT_AUTH_TYPES;

    private final BindContext ctx;

    TlsBinder(BindContext ctx) {
        this.ctx = ctx;
    }

    ServersTransportConfig serversTransport(Fields f, String name) {
        int maxIdle = f.integerAtLeast("maxIdleConnsPerHost", ServersTransportConfig.DEFAULT_MAX_IDLE_CONNS_PER_HOST, 0);
        Fields ft = f.object("forwardingTimeouts", false);
        ForwardingTimeouts timeouts = null;
        if (ft != null) {
            timeouts = new ForwardingTimeouts(ft.duration("dialTimeout", null, false),
                    ft.duration("responseHeaderTimeout", null, false), ft.duration("idleConnTimeout", null, false),
                    ft.duration("readIdleTimeout", null, false), ft.duration("pingTimeout", null, false));
            ft.finish();
        }
        f.unsupported("spiffe");
        f.unsupported("peerCertSANs");
        return new ServersTransportConfig(f.string("serverName"), f.bool("insecureSkipVerify", false),
                f.strings("rootCAs"), f.objects("certificates", (c, i) -> certificate(c, false)), maxIdle, timeouts,
                f.bool("disableHTTP2", false), f.strings("cipherSuites"), f.exactlyOneOf("minVersion", null, TLS_VERSIONS),
                f.exactlyOneOf("maxVersion", null, TLS_VERSIONS), f.string("peerCertURI"));
    }

    // ---- tls ---------------------------------------------------------------------------------

    TlsConfig tls(Fields f) {
        List<CertificateFiles> certificates = f.objects("certificates", (c, i) -> certificate(c, true));
        Map<String, TlsOptions> options = f.namedObjects("options", this::tlsOptions);
        Map<String, TlsStore> stores = f.namedObjects("stores", (s, name) -> {
            s.ignored("defaultGeneratedCert", "certificate resolvers (ACME) are not supported yet");
            Fields def = s.object("defaultCertificate", false);
            CertificateFiles cert = def == null ? null : ServiceBinder.finish(def, certificate(def, false));
            return new TlsStore(cert);
        });
        return new TlsConfig(certificates, options, stores);
    }

    private CertificateFiles certificate(Fields f, boolean withStores) {
        String certFile = f.string("certFile");
        String keyFile = f.string("keyFile");
        List<String> stores = withStores ? f.strings("stores") : null;
        if (certFile == null || certFile.isBlank()) {
            ctx.error(f.child("certFile"), null, "a certificate needs certFile", f.node().location());
        }
        if (keyFile == null || keyFile.isBlank()) {
            ctx.error(f.child("keyFile"), null, "a certificate needs keyFile", f.node().location());
        }
        return certFile == null || keyFile == null ? null : new CertificateFiles(certFile, keyFile, stores);
    }

    private TlsOptions tlsOptions(Fields f, String name) {
        Fields ca = f.object("clientAuth", false);
        TlsOptions.ClientAuth clientAuth = null;
        if (ca != null) {
            clientAuth = new TlsOptions.ClientAuth(ca.strings("caFiles"),
                    ca.exactlyOneOf("clientAuthType", null, CLIENT_AUTH_TYPES));
            ca.finish();
        }
        f.ignored("preferServerCipherSuites", "deprecated in Traefik; the JDK orders cipher suites");
        f.ignored("disableSessionTickets", "session tickets are managed by the JDK");
        return new TlsOptions(f.exactlyOneOf("minVersion", null, TLS_VERSIONS), f.exactlyOneOf("maxVersion", null, TLS_VERSIONS),
                f.strings("cipherSuites"), f.strings("curvePreferences"), f.bool("sniStrict", false),
                f.strings("alpnProtocols"), clientAuth);
    }
}
