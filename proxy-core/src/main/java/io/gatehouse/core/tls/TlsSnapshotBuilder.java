package io.gatehouse.core.tls;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.TlsOptions;
import io.gatehouse.core.config.TlsStore;
import io.gatehouse.core.proxy.KeyPairs;
import io.gatehouse.core.proxy.PemFiles;
import io.gatehouse.core.rule.HostScope;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds a {@link TlsSnapshot} from every provider's {@code tls} section and the TLS routers.
 *
 * <p>Each problem is an error for its own item only: a certificate that cannot be loaded (missing,
 * unreadable, expired, key not matching) is left out and the others serve, except that an entry
 * which loaded in the previous snapshot keeps its previous certificate (a bad configuration never
 * replaces a good one; see {@link CertificateSlot}); options that do not
 * compile are left out and the routers naming them are reported by the caller. Certificates and
 * options are compiled again only when their configuration or the files' contents changed, so a
 * reload that touches only routes keeps the SSL contexts (and their session caches).
 *
 * <p>Names: options a provider defines are {@code name@provider}; {@code default} is the one
 * default set (the first provider that defines it wins; a second is an error). A router's
 * {@code tls.options} is qualified with the router's provider unless it names one.
 */
public final class TlsSnapshotBuilder {

    private record Material(List<Object> configs, String digest) {
    }

    private record Compiled(CertificateStore store, Map<String, CompiledTlsOptions> options, List<ConfigError> errors) {
    }

    private final TlsSnapshot previous;
    private final Map<String, TlsConfig> providers = new LinkedHashMap<>();
    private final List<ConfigError> errors = new ArrayList<>();
    private final Map<String, String> exactHosts = new LinkedHashMap<>();
    private final Map<String, String> wildcardHosts = new LinkedHashMap<>();
    private final Map<String, Set<String>> conflicts = new LinkedHashMap<>();
    private final Map<String, String> hostRouters = new LinkedHashMap<>();
    private final List<CertificateSlot.Loaded> loadedSlots = new ArrayList<>();
    private Compiled compiled;
    private Material material;

    /** @param previous the running snapshot whose compiled certificates and options may be reused; null for none */
    public TlsSnapshotBuilder(TlsSnapshot previous) {
        this.previous = previous;
    }

    /** Adds a provider's {@code tls} section; call in provider order, before anything else. */
    public TlsSnapshotBuilder provider(String provider, TlsConfig config) {
        if (compiled != null) {
            throw new IllegalStateException("providers are added first");
        }
        providers.put(provider, config);
        return this;
    }

    /** Every problem found so far (soft: each left its item out). */
    public List<ConfigError> errors() {
        return errors;
    }

    /**
     * The qualified options name a router's {@code tls.options} refers to; null (with an error
     * at {@code path}) when those options do not exist or have errors.
     */
    public String resolveOptions(String provider, String written, String path) {
        compile();
        String qualified = qualify(provider, written);
        if (compiled.options().containsKey(qualified)) {
            return qualified;
        }
        boolean defined = isDefined(qualified);
        errors.add(new ConfigError(path, written, defined
                ? "the TLS options '" + qualified + "' have errors (reported with them)"
                : "no such TLS options '" + qualified + "'; known: " + new TreeSet<>(compiled.options().keySet())));
        return null;
    }

    /** Records that a TLS router serving {@code hosts} uses the options {@code qualified}. */
    public void hosts(String router, HostScope hosts, String qualified) {
        if (hosts.any()) {
            return; // no Host: the SNI decides (default options), as in Traefik
        }
        hosts.exact().forEach(host -> map(exactHosts, host, router, qualified));
        hosts.wildcardSuffixes().forEach(suffix -> map(wildcardHosts, suffix, router, qualified));
    }

    private void map(Map<String, String> target, String key, String router, String qualified) {
        String existing = target.putIfAbsent(key, qualified);
        hostRouters.putIfAbsent(key, router);
        if (existing != null && !existing.equals(qualified)) {
            conflicts.computeIfAbsent(key, k -> new TreeSet<>(List.of(existing))).add(qualified);
        }
    }

    public TlsSnapshot build() {
        compile();
        Map<String, CompiledTlsOptions> exact = new LinkedHashMap<>();
        Map<String, CompiledTlsOptions> wildcard = new LinkedHashMap<>();
        resolveHosts(exactHosts, exact, "");
        resolveHosts(wildcardHosts, wildcard, "*.");
        return new TlsSnapshot(compiled.store(), compiled.options(), exact, wildcard, material, compiled.errors(),
                loadedSlots);
    }

    private void resolveHosts(Map<String, String> hosts, Map<String, CompiledTlsOptions> target, String prefix) {
        hosts.forEach((host, qualified) -> {
            Set<String> conflicting = conflicts.get(host);
            if (conflicting != null) {
                errors.add(new ConfigError("http.routers." + hostRouters.get(host) + ".tls.options", null,
                        "routers for host " + prefix + host + " use different TLS options " + conflicting
                                + "; the default TLS options apply to it, as in Traefik"));
                return;
            }
            if (!qualified.equals(TlsSnapshot.DEFAULT)) {
                target.put(host, compiled.options().get(qualified));
            }
        });
    }

    static String qualify(String provider, String written) {
        if (written == null || written.isBlank() || written.equals(TlsSnapshot.DEFAULT)) {
            return TlsSnapshot.DEFAULT;
        }
        return written.indexOf('@') >= 0 ? written : written + "@" + provider;
    }

    private boolean isDefined(String qualified) {
        for (Map.Entry<String, TlsConfig> entry : providers.entrySet()) {
            for (String name : entry.getValue().options().keySet()) {
                if (qualify(entry.getKey(), name).equals(qualified)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- certificates and options

    private void compile() {
        if (compiled != null) {
            return;
        }
        List<ConfigError> found = new ArrayList<>();
        MessageDigest digest = sha256();
        List<ServerCertificate> certificates = new ArrayList<>();
        providers.forEach((provider, config) -> {
            for (int i = 0; i < config.certificates().size(); i++) {
                CertificateFiles files = config.certificates().get(i);
                String path = "tls.certificates[" + i + "]@" + provider;
                if (files == null) {
                    continue;
                }
                if (!files.stores().isEmpty() && !files.stores().contains(TlsSnapshot.DEFAULT)) {
                    found.add(new ConfigError(path + ".stores", String.join(",", files.stores()),
                            "only the default store is served (as in Traefik); this certificate is not used"));
                    continue;
                }
                CertificateSlot slot = new CertificateSlot(CertificateSlot.Kind.CERTIFICATES, provider, i, files);
                ServerCertificate loaded = loadOrKeep(slot, path, provider + ":" + i, found);
                if (loaded != null) {
                    certificates.add(loaded);
                    update(digest, loaded);
                }
            }
        });
        ServerCertificate defaultCertificate = null;
        String defaultFrom = null;
        for (Map.Entry<String, TlsConfig> entry : providers.entrySet()) {
            for (Map.Entry<String, TlsStore> store : entry.getValue().stores().entrySet()) {
                String path = "tls.stores." + store.getKey() + "@" + entry.getKey();
                if (!store.getKey().equals(TlsSnapshot.DEFAULT)) {
                    found.add(new ConfigError(path, null, "only the default store is used (as in Traefik); ignored"));
                    continue;
                }
                CertificateFiles files = store.getValue() == null ? null : store.getValue().defaultCertificate();
                if (files == null) {
                    continue;
                }
                if (defaultFrom != null) {
                    found.add(new ConfigError(path + ".defaultCertificate", null,
                            "a default certificate is already defined by provider '" + defaultFrom + "'; this one is ignored"));
                    continue;
                }
                CertificateSlot slot = new CertificateSlot(CertificateSlot.Kind.DEFAULT, entry.getKey(), 0, files);
                ServerCertificate loaded = loadOrKeep(slot, path + ".defaultCertificate", "default:" + entry.getKey(), found);
                if (loaded != null) {
                    defaultCertificate = loaded;
                    defaultFrom = entry.getKey();
                    update(digest, loaded);
                }
            }
        }
        // The certificate errors are part of the material: a certificate kept from the previous
        // snapshot digests as before, yet its error must be reported (no reuse of the old errors).
        found.forEach(error -> digest.update(error.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<Object> configs = new ArrayList<>();
        providers.forEach((provider, config) -> configs.add(List.of(provider, config)));
        material = new Material(configs, HexFormat.of().formatHex(digest.digest()));
        if (previous != null && material.equals(previous.materialKey)) {
            compiled = new Compiled(previous.certificates(), previous.options(), previous.materialErrors());
            errors.addAll(compiled.errors());
            return;
        }
        CertificateStore store = new CertificateStore(certificates, defaultCertificate);
        Map<String, CompiledTlsOptions> options = new LinkedHashMap<>();
        String defaultOptionsFrom = null;
        for (Map.Entry<String, TlsConfig> entry : providers.entrySet()) {
            for (Map.Entry<String, TlsOptions> named : entry.getValue().options().entrySet()) {
                String qualified = qualify(entry.getKey(), named.getKey());
                String path = "tls.options." + (qualified.equals(TlsSnapshot.DEFAULT) ? "default@" + entry.getKey() : qualified);
                if (qualified.equals(TlsSnapshot.DEFAULT)) {
                    if (defaultOptionsFrom != null) {
                        found.add(new ConfigError(path, null, "the default TLS options are already defined by provider '"
                                + defaultOptionsFrom + "'; these are ignored"));
                        continue;
                    }
                    defaultOptionsFrom = entry.getKey();
                }
                TlsOptions value = named.getValue() == null ? TlsOptions.DEFAULTS : named.getValue();
                CompiledTlsOptions built = CompiledTlsOptions.compile(qualified, value, path, store, found);
                if (built != null) {
                    options.put(qualified, built);
                }
            }
        }
        if (!options.containsKey(TlsSnapshot.DEFAULT)) {
            CompiledTlsOptions builtIn = CompiledTlsOptions.compile(TlsSnapshot.DEFAULT, TlsOptions.DEFAULTS,
                    "tls.options.default", store, found);
            if (builtIn == null) {
                throw new IllegalStateException("the built-in default TLS options do not compile: " + found);
            }
            options.put(TlsSnapshot.DEFAULT, builtIn);
        }
        compiled = new Compiled(store, options, List.copyOf(found));
        errors.addAll(found);
    }

    /**
     * Loads the slot's certificate; when that fails and the same entry loaded in the previous
     * snapshot, its previous certificate keeps serving (the errors say so). Null when unusable.
     */
    private ServerCertificate loadOrKeep(CertificateSlot slot, String path, String alias, List<ConfigError> found) {
        int before = found.size();
        ServerCertificate certificate = load(slot.files(), path, alias, found);
        if (certificate == null && previous != null) {
            ServerCertificate kept = slot.previousIn(previous.loadedSlots(), Instant.now());
            if (kept != null) {
                for (int e = before; e < found.size(); e++) {
                    ConfigError error = found.get(e);
                    found.set(e, new ConfigError(error.path(), error.value(),
                            error.message() + "; the previous certificate keeps serving", error.location()));
                }
                certificate = new ServerCertificate(alias, kept.chain(), kept.key(), kept.source());
            }
        }
        if (certificate != null) {
            loadedSlots.add(new CertificateSlot.Loaded(slot, certificate));
        }
        return certificate;
    }

    /** Loads and checks a certificate and its key; null (with errors) when unusable. */
    static ServerCertificate load(CertificateFiles files, String path, String alias, List<ConfigError> errors) {
        int before = errors.size();
        List<X509Certificate> chain = PemFiles.certificates(files.certFile(), path + ".certFile", errors);
        PrivateKey key = PemFiles.privateKey(files.keyFile(), path + ".keyFile", errors);
        if (errors.size() > before || chain == null || key == null) {
            return null;
        }
        X509Certificate leaf = chain.get(0);
        Instant now = Instant.now();
        if (leaf.getNotAfter().toInstant().isBefore(now)) {
            errors.add(new ConfigError(path + ".certFile", shown(files.certFile()),
                    "the certificate expired on " + leaf.getNotAfter().toInstant()));
            return null;
        }
        if (leaf.getNotBefore().toInstant().isAfter(now)) {
            errors.add(new ConfigError(path + ".certFile", shown(files.certFile()),
                    "the certificate is not valid before " + leaf.getNotBefore().toInstant()));
            return null;
        }
        if (!KeyPairs.match(leaf.getPublicKey(), key)) {
            errors.add(new ConfigError(path + ".keyFile", shown(files.keyFile()),
                    "the private key does not belong to the certificate in " + shown(files.certFile())));
            return null;
        }
        return new ServerCertificate(alias, chain, key, shown(files.certFile()));
    }

    private static String shown(String file) {
        return file != null && file.contains("-----BEGIN ") ? "(inline PEM)" : file;
    }

    private static void update(MessageDigest digest, ServerCertificate certificate) {
        try {
            for (X509Certificate cert : certificate.chain()) {
                digest.update(cert.getEncoded());
            }
        } catch (CertificateEncodingException e) {
            digest.update(certificate.alias().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] key = certificate.key().getEncoded();
        if (key != null) {
            digest.update(key);
        }
        digest.update(certificate.alias().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
