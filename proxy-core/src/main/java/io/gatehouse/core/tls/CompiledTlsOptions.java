package io.gatehouse.core.tls;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.proxy.PemFiles;
import io.undertow.Undertow;
import io.undertow.protocols.ssl.UndertowXnioSsl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.OptionMap;
import org.xnio.Xnio;

import java.lang.reflect.Method;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * One {@code tls.options} entry made ready for handshakes: an SSLContext (certificates by SNI,
 * the client-certificate trust), the engine parameters (versions, cipher suites, curves, client
 * auth) and whether HTTP/2 may be negotiated. Built once per configuration, shared by connections.
 */
public final class CompiledTlsOptions {

    private static final Logger log = LoggerFactory.getLogger(CompiledTlsOptions.class);
    private static final Method SET_NAMED_GROUPS = namedGroupsSetter();
    private static volatile boolean curvesWarned;

    private final String name;
    private final TlsOptions source;
    private final SSLContext context;
    private final SSLParameters parameters;
    private final boolean http2;
    private final UndertowXnioSsl ssl;
    /** {@link #ssl(Executor)}'s wrapper and the executor it was made for; one per Gatehouse in practice. */
    private volatile BoundSsl bound;

    private record BoundSsl(Executor handshakeTasks, UndertowXnioSsl ssl) {
    }

    private CompiledTlsOptions(String name, TlsOptions source, SSLContext context, SSLParameters parameters, boolean http2) {
        this.name = name;
        this.source = source;
        this.context = context;
        this.parameters = parameters;
        this.http2 = http2;
        this.ssl = new UndertowXnioSsl(Xnio.getInstance(Undertow.class.getClassLoader()), OptionMap.EMPTY, context);
    }

    public String name() {
        return name;
    }

    public TlsOptions source() {
        return source;
    }

    public SSLContext context() {
        return context;
    }

    /** Applied to every engine this options set creates; never modified after build. */
    public SSLParameters parameters() {
        return parameters;
    }

    /** Whether h2 is among alpnProtocols. */
    public boolean http2() {
        return http2;
    }

    public UndertowXnioSsl ssl() {
        return ssl;
    }

    /**
     * The XNIO SSL wrapper whose handshake tasks (key exchange, signature, certificate checks: the
     * milliseconds of a handshake) run on {@code handshakeTasks}. Without an explicit executor, or
     * with the connection's XnioWorker itself, Undertow 2.4 runs them inline on the IO thread, which
     * then serves no other connection meanwhile. Made once per executor and kept: a server passes the
     * same (an equal) one for every connection.
     */
    public UndertowXnioSsl ssl(Executor handshakeTasks) {
        BoundSsl current = bound;
        if (current == null || !current.handshakeTasks().equals(handshakeTasks)) {
            current = new BoundSsl(handshakeTasks, new UndertowXnioSsl(Xnio.getInstance(Undertow.class.getClassLoader()),
                    OptionMap.EMPTY, context, handshakeTasks));
            bound = current; // a race makes two equivalent wrappers, and one is kept: harmless
        }
        return current.ssl();
    }

    /**
     * Compiles {@code options}; null when it has errors (each added to {@code errors} with its
     * path under {@code path}, e.g. {@code tls.options.modern@file.minVersion}).
     */
    public static CompiledTlsOptions compile(String name, TlsOptions options, String path, CertificateStore store,
                                             List<ConfigError> errors) {
        int before = errors.size();
        SSLContext probe;
        try {
            probe = SSLContext.getInstance("TLS");
            probe.init(null, null, null);
        } catch (GeneralSecurityException e) {
            errors.add(new ConfigError(path, null, "this Java runtime has no TLS: " + e.getMessage()));
            return null;
        }
        SSLParameters supported = probe.getSupportedSSLParameters();
        SSLParameters defaults = probe.getDefaultSSLParameters();
        String[] protocols = protocols(options, path, Set.of(supported.getProtocols()), errors);
        String[] suites = cipherSuites(options, path, Set.of(supported.getCipherSuites()), defaults, errors);
        String[] groups = curves(options, path, errors);
        ClientAuthMode mode = ClientAuthMode.of(options.clientAuth().clientAuthType());
        if (mode == null) {
            errors.add(new ConfigError(path + ".clientAuth.clientAuthType", options.clientAuth().clientAuthType(),
                    "unknown client auth type; expected one of " + ClientAuthMode.NAMES));
        }
        List<X509Certificate> cas = clientCas(options, path, errors);
        if (mode != null && mode.verifies() && cas.isEmpty() && errors.size() == before) {
            errors.add(new ConfigError(path + ".clientAuth.caFiles", null,
                    "clientAuthType " + mode.traefikName() + " needs caFiles (the CAs client certificates are checked against)"));
        }
        if (errors.size() > before) {
            return null;
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {new SniKeyManager(store, options.sniStrict())}, trustManagers(mode, cas), null);
            SSLParameters parameters = context.getDefaultSSLParameters();
            parameters.setProtocols(protocols);
            if (suites != null) {
                parameters.setCipherSuites(suites);
            }
            if (groups != null) {
                applyNamedGroups(parameters, groups);
            }
            parameters.setUseCipherSuitesOrder(true);
            parameters.setNeedClientAuth(mode.required());
            if (!mode.required()) {
                parameters.setWantClientAuth(mode.requested());
            }
            return new CompiledTlsOptions(name, options, context, parameters, options.alpnProtocols().contains("h2"));
        } catch (GeneralSecurityException e) {
            errors.add(new ConfigError(path, null, "cannot be set up: " + e.getMessage()));
            return null;
        }
    }

    private static String[] protocols(TlsOptions options, String path, Set<String> supported, List<ConfigError> errors) {
        List<String> order = new ArrayList<>(TlsNames.VERSIONS.keySet());
        int min = order.indexOf(options.minVersion());
        int max = options.maxVersion() == null ? order.size() - 1 : order.indexOf(options.maxVersion());
        boolean ok = true;
        if (min < 0) {
            errors.add(new ConfigError(path + ".minVersion", options.minVersion(), "unknown TLS version; expected one of " + order));
            ok = false;
        }
        if (max < 0) {
            errors.add(new ConfigError(path + ".maxVersion", options.maxVersion(), "unknown TLS version; expected one of " + order));
            ok = false;
        }
        if (!ok) {
            return null;
        }
        if (min > max) {
            errors.add(new ConfigError(path + ".minVersion", options.minVersion(),
                    "is above maxVersion " + options.maxVersion()));
            return null;
        }
        List<String> enabled = new ArrayList<>();
        for (int i = min; i <= max; i++) {
            String jsse = TlsNames.VERSIONS.get(order.get(i));
            if (supported.contains(jsse)) {
                enabled.add(jsse);
            }
        }
        if (enabled.isEmpty()) {
            errors.add(new ConfigError(path + ".minVersion", options.minVersion(),
                    "this Java runtime supports none of the versions from minVersion to maxVersion"));
            return null;
        }
        return enabled.toArray(new String[0]);
    }

    /** Null for the runtime's defaults; else the listed TLS 1.2-and-below suites plus the TLS 1.3 ones, as Go does. */
    private static String[] cipherSuites(TlsOptions options, String path, Set<String> supported, SSLParameters defaults,
                                         List<ConfigError> errors) {
        if (options.cipherSuites().isEmpty()) {
            return null;
        }
        List<String> enabled = new ArrayList<>();
        for (int i = 0; i < options.cipherSuites().size(); i++) {
            String written = options.cipherSuites().get(i);
            String jsse = written == null ? null : TlsNames.CIPHER_SUITES.get(written);
            if (jsse == null) {
                errors.add(new ConfigError(path + ".cipherSuites[" + i + "]", written,
                        "unknown cipher suite; expected Go/Traefik names such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
            } else if (!supported.contains(jsse)) {
                errors.add(new ConfigError(path + ".cipherSuites[" + i + "]", written, "not supported by this Java runtime"));
            } else if (!TlsNames.TLS13_SUITES.contains(jsse) && !enabled.contains(jsse)) {
                enabled.add(jsse);
            }
        }
        for (String suite : defaults.getCipherSuites()) {
            if (TlsNames.TLS13_SUITES.contains(suite)) {
                enabled.add(suite);
            }
        }
        return enabled.toArray(new String[0]);
    }

    private static String[] curves(TlsOptions options, String path, List<ConfigError> errors) {
        if (options.curvePreferences().isEmpty()) {
            return null;
        }
        List<String> groups = new ArrayList<>();
        for (int i = 0; i < options.curvePreferences().size(); i++) {
            String written = options.curvePreferences().get(i);
            String jsse = written == null ? null : TlsNames.CURVES.get(written);
            if (jsse == null) {
                errors.add(new ConfigError(path + ".curvePreferences[" + i + "]", written,
                        "unknown curve; expected one of CurveP256, CurveP384, CurveP521, X25519"));
            } else if (!groups.contains(jsse)) {
                groups.add(jsse);
            }
        }
        return groups.toArray(new String[0]);
    }

    private static void applyNamedGroups(SSLParameters parameters, String[] groups) {
        if (SET_NAMED_GROUPS != null) {
            try {
                SET_NAMED_GROUPS.invoke(parameters, (Object) groups);
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("curvePreferences cannot be applied: {}", e.toString());
                return;
            }
        }
        if (!curvesWarned) {
            curvesWarned = true;
            log.warn("curvePreferences needs Java 20 or later to apply per TLS options; on this runtime the "
                    + "jdk.tls.namedGroups system property decides the curves");
        }
    }

    private static Method namedGroupsSetter() {
        try {
            return SSLParameters.class.getMethod("setNamedGroups", String[].class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static List<X509Certificate> clientCas(TlsOptions options, String path, List<ConfigError> errors) {
        List<X509Certificate> cas = new ArrayList<>();
        List<String> files = options.clientAuth().caFiles();
        for (int i = 0; i < files.size(); i++) {
            List<X509Certificate> read = PemFiles.certificates(files.get(i), path + ".clientAuth.caFiles[" + i + "]", errors);
            if (read != null) {
                cas.addAll(read);
            }
        }
        return cas;
    }

    private static TrustManager[] trustManagers(ClientAuthMode mode, List<X509Certificate> cas) throws GeneralSecurityException {
        if (mode == ClientAuthMode.NONE) {
            return null;
        }
        if (!mode.verifies()) {
            return new TrustManager[] {new AnyClientCertificate(cas)};
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        int i = 0;
        for (X509Certificate ca : cas) {
            trust.setCertificateEntry("ca-" + i++, ca);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        return factory.getTrustManagers();
    }

    /** Go's clientAuthType values and what each asks of JSSE. */
    enum ClientAuthMode {
        NONE("NoClientCert", false, false, false),
        REQUEST("RequestClientCert", true, false, false),
        REQUIRE_ANY("RequireAnyClientCert", true, true, false),
        VERIFY_IF_GIVEN("VerifyClientCertIfGiven", true, false, true),
        REQUIRE_AND_VERIFY("RequireAndVerifyClientCert", true, true, true);

        static final List<String> NAMES = TlsNames.CLIENT_AUTH_TYPES;

        private final String traefikName;
        private final boolean requested;
        private final boolean required;
        private final boolean verifies;

        ClientAuthMode(String traefikName, boolean requested, boolean required, boolean verifies) {
            this.traefikName = traefikName;
            this.requested = requested;
            this.required = required;
            this.verifies = verifies;
        }

        /** Exact (case-sensitive) lookup, as Go's map in Traefik; the decoder checks against the same names. */
        static ClientAuthMode of(String name) {
            for (ClientAuthMode mode : values()) {
                if (mode.traefikName.equals(name)) {
                    return mode;
                }
            }
            return null;
        }

        String traefikName() {
            return traefikName;
        }

        boolean requested() {
            return requested;
        }

        boolean required() {
            return required;
        }

        boolean verifies() {
            return verifies;
        }
    }

    /** RequestClientCert / RequireAnyClientCert: any certificate is taken as it is, unverified (as Go does). */
    private static final class AnyClientCertificate extends javax.net.ssl.X509ExtendedTrustManager {
        private final X509Certificate[] issuers;

        AnyClientCertificate(List<X509Certificate> issuers) {
            this.issuers = issuers.toArray(new X509Certificate[0]);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server context does not verify servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, javax.net.ssl.SSLEngine engine)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server context does not verify servers");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server context does not verify servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return issuers.clone();
        }
    }
}
