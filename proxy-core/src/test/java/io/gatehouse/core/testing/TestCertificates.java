package io.gatehouse.core.testing;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test PKI: a CA that issues server and client certificates, written as PEM files or loaded into SSLContexts. */
public final class TestCertificates {

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestCertificates() {
    }

    public enum KeyType { RSA, EC }

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, PrivateKey key, X509Certificate issuer) {

        /** Writes cert.pem and key.pem (PKCS#8 unless {@code traditional}: then PKCS#1 / SEC1) into {@code dir}. */
        public Path[] writePem(Path dir, String name, boolean traditional) throws IOException {
            Path cert = dir.resolve(name + ".crt.pem");
            Path keyFile = dir.resolve(name + ".key.pem");
            Files.writeString(cert, pem(certificate));
            StringWriter out = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
                if (traditional && key.getAlgorithm().equals("EC")) {
                    writer.writeObject(sec1WithCurve(key));
                } else if (traditional) {
                    writer.writeObject(key); // PKCS#1 "RSA PRIVATE KEY"
                } else {
                    writer.writeObject(new JcaPKCS8Generator(key, null).generate());
                }
            }
            Files.writeString(keyFile, out.toString());
            return new Path[] {cert, keyFile};
        }

        /** "EC PRIVATE KEY" as OpenSSL writes it: SEC1 with the curve OID (the JDK's encoding leaves it out). */
        private static org.bouncycastle.util.io.pem.PemObject sec1WithCurve(PrivateKey key) throws IOException {
            org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(key.getEncoded());
            org.bouncycastle.asn1.sec.ECPrivateKey inner = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey());
            org.bouncycastle.asn1.sec.ECPrivateKey withCurve = new org.bouncycastle.asn1.sec.ECPrivateKey(256, inner.getKey(),
                    info.getPrivateKeyAlgorithm().getParameters());
            return new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", withCurve.getEncoded());
        }

        /** A server/client SSLContext presenting this certificate and trusting {@code trusted} (or nothing). */
        public SSLContext sslContext(X509Certificate trusted) throws Exception {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("key", key, new char[0], new X509Certificate[] {certificate, issuer});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, new char[0]);
            TrustManagerFactory tmf = null;
            if (trusted != null) {
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("ca", trusted);
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return context;
        }
    }

    /** A certificate authority. */
    public record Ca(X509Certificate certificate, KeyPair keys) {

        public Path writePem(Path dir, String name) throws IOException {
            Path file = dir.resolve(name + ".ca.pem");
            Files.writeString(file, pem(certificate));
            return file;
        }

        /** A leaf for the given DNS names and IPs; {@code client} adds clientAuth usage. */
        public Issued issue(String commonName, List<String> dnsNames, List<String> ips, KeyType type) throws Exception {
            Instant now = Instant.now();
            return issue(commonName, dnsNames, ips, type, now.minus(1, ChronoUnit.HOURS), now.plus(1, ChronoUnit.DAYS));
        }

        /** A leaf valid from {@code notBefore} to {@code notAfter} (e.g. an expired one). */
        public Issued issue(String commonName, List<String> dnsNames, List<String> ips, KeyType type,
                            Instant notBefore, Instant notAfter) throws Exception {
            KeyPair pair = keyPair(type);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()),
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore),
                    Date.from(notAfter), new X500Name("CN=" + commonName), pair.getPublic());
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ips.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
            if (!names.isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            X509Certificate leaf = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signature(keys)).build(keys.getPrivate())));
            return new Issued(leaf, pair.getPrivate(), certificate);
        }
    }

    public static Ca ca(String name) throws Exception {
        KeyPair pair = keyPair(KeyType.RSA);
        Instant now = Instant.now();
        X500Name subject = new X500Name("CN=" + name);
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), subject, pair.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
        return new Ca(certificate, pair);
    }

    public static String pem(X509Certificate certificate) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(certificate);
        }
        return out.toString();
    }

    private static KeyPair keyPair(KeyType type) throws Exception {
        if (type == KeyType.EC) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static String signature(KeyPair issuer) {
        return issuer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    }
}
