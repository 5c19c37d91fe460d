package io.gatehouse.core.tls;

import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.security.auth.x500.X500Principal;

/**
 * A certificate chain and its key, loaded and checked, with the names it serves.
 *
 * @param alias  unique within a store: what the key manager hands to JSSE
 * @param chain  leaf first
 * @param key    the leaf's private key
 * @param source where it came from, for logs (a file name, or "generated")
 */
public record ServerCertificate(String alias, List<X509Certificate> chain, PrivateKey key, String source) {

    public ServerCertificate {
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    public X509Certificate[] chainArray() {
        return chain.toArray(new X509Certificate[0]);
    }

    /** The DNS and IP subject alternative names, lower-cased; the common name when there are none (as Go did). */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = leaf().getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    Object type = san.get(0);
                    if (type instanceof Integer kind && (kind == 2 || kind == 7) && san.get(1) instanceof String name) {
                        names.add(name.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable SANs: fall back to the common name
        }
        if (names.isEmpty()) {
            String cn = commonName(leaf().getSubjectX500Principal());
            if (cn != null) {
                names.add(cn.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /** Whether the key suits the key type JSSE asks for ("RSA", "EC", "EdDSA", "RSASSA-PSS"). */
    boolean suits(String keyType) {
        String algorithm = key.getAlgorithm();
        if (keyType.equals(algorithm)) {
            return true;
        }
        return keyType.equals("EdDSA") && algorithm.equals("Ed25519");
    }

    private static String commonName(X500Principal principal) {
        for (String part : principal.getName(X500Principal.RFC2253).split(",")) {
            if (part.startsWith("CN=")) {
                return part.substring(3);
            }
        }
        return null;
    }
}
