package io.gatehouse.core.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

/**
 * The self-signed certificate served when no certificate matches and no
 * {@code tls.stores.default.defaultCertificate} is configured, as Traefik's "TRAEFIK DEFAULT CERT".
 * Generated once per JVM, on first use (an RSA key takes a moment).
 */
public final class DefaultCertificate {

    public static final String COMMON_NAME = "GATEHOUSE DEFAULT CERT";
    static final String ALIAS = "gatehouse-default-generated";

    private DefaultCertificate() {
    }

    private static final class Holder {
        static final ServerCertificate GENERATED = generate();
    }

    /** The generated certificate of this JVM. */
    public static ServerCertificate generated() {
        return Holder.GENERATED;
    }

    private static ServerCertificate generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            SecureRandom random = new SecureRandom();
            byte[] label = new byte[16];
            random.nextBytes(label);
            // Like Traefik's: a random name under a reserved-looking domain, so it matches no real host.
            String dnsName = HexFormat.of().formatHex(label) + ".gatehouse.default";
            X500Name subject = new X500Name("CN=" + COMMON_NAME);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, new BigInteger(127, random),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            return new ServerCertificate(ALIAS, List.of(certificate), pair.getPrivate(), "generated");
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the default TLS certificate: " + e, e);
        }
    }
}
