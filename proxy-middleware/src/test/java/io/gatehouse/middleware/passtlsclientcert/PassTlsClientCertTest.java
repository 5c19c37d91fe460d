package io.gatehouse.middleware.passtlsclientcert;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestCertificates;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.net.ssl.SSLContext;
import java.math.BigInteger;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class PassTlsClientCertTest {

    static TestCertificates.Ca ca;
    static TestCertificates.Issued server;
    static TestCertificates.Issued richClient;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Test CA");
        server = ca.issue("localhost", List.of("localhost"), List.of("127.0.0.1"), TestCertificates.KeyType.EC);
        richClient = rich();
    }

    /** A client certificate with every subject field and every kind of SAN. */
    static TestCertificates.Issued rich() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("DC=org,DC=example,C=FR,ST=Ile-de-France,L=Paris,O=Acme,O=Acme Labs,OU=Ops,"
                + "SERIALNUMBER=12345,CN=client one");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded()), BigInteger.valueOf(4242),
                new Date(1_700_000_000_000L), new Date(1_900_000_000_000L), subject, pair.getPublic());
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.uniformResourceIdentifier, "spiffe://example.org/client"),
                new GeneralName(GeneralName.iPAddress, "10.0.0.1"),
                new GeneralName(GeneralName.rfc822Name, "ops@example.org"),
                new GeneralName(GeneralName.dNSName, "client.example.org"),
                new GeneralName(GeneralName.iPAddress, "2001:db8::1")}));
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(ca.keys().getPrivate())));
        return new TestCertificates.Issued(cert, pair.getPrivate(), ca.certificate());
    }

    /** The echo of one request over HTTPS with mutual TLS (client presenting {@code client}, or nothing). */
    private static String echo(Middleware middleware, TestCertificates.Issued client, boolean requireClientCert,
                               String... headers) throws Exception {
        try (TestServer https = TestServer.https(middleware.wrap(new EchoHandler("b")), server.sslContext(ca.certificate()),
                false, requireClientCert)) {
            SSLContext context = client == null ? trustOnly() : client.sslContext(ca.certificate());
            HttpClient http = HttpClient.newBuilder().sslContext(context).build();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + https.port() + "/"));
            if (headers.length > 0) {
                request.headers(headers);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static SSLContext trustOnly() throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca.certificate());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    @Test
    void pemCarriesTheChainAsTraefikWritesIt() throws Exception {
        String body = echo(PassTlsClientCert.pem(), richClient, true);
        String header = EchoHandler.field(body, "x-forwarded-tls-client-cert");
        String[] certs = header.split(",");
        assertThat(certs[0]).isEqualTo(Base64.getEncoder().encodeToString(richClient.certificate().getEncoded()));
        assertThat(header).doesNotContain("-----").doesNotContain("\n");
        // TestCertificates' key store sends the CA after the leaf.
        assertThat(certs).hasSize(2);
        assertThat(certs[1]).isEqualTo(Base64.getEncoder().encodeToString(ca.certificate().getEncoded()));
        assertThat(EchoHandler.field(body, "x-forwarded-tls-client-cert-info")).isNull();
    }

    @Test
    void infoHasEverySelectedFieldUrlEscaped() throws Exception {
        PassTlsClientCertConfig config = new PassTlsClientCertConfig(false, new PassTlsClientCertConfig.Info(true, true, true,
                true, PassTlsClientCertConfig.Subject.ALL, PassTlsClientCertConfig.Issuer.ALL));
        String body = echo(new PassTlsClientCert(config), richClient, true);
        String escaped = EchoHandler.field(body, "x-forwarded-tls-client-cert-info");
        assertThat(escaped).doesNotContain("\"").doesNotContain(" ").contains("%22").contains("+");
        String leaf = URLDecoder.decode(escaped, StandardCharsets.UTF_8).split(",(?=Subject=)")[0];
        assertThat(leaf).isEqualTo("Subject=\"DC=org,DC=example,C=FR,ST=Ile-de-France,L=Paris,O=Acme,O=Acme Labs,OU=Ops,"
                + "SN=12345,CN=client one\";Issuer=\"CN=Test CA\";SerialNumber=\"4242\";NB=\"1700000000\";NA=\"1900000000\";"
                + "SAN=\"client.example.org,ops@example.org,10.0.0.1,2001:db8::1,spiffe://example.org/client\"");
        // The CA certificate of the chain gets its own entry after a ','.
        assertThat(URLDecoder.decode(escaped, StandardCharsets.UTF_8)).endsWith(",Subject=\"CN=Test CA\";Issuer=\"CN=Test CA\";"
                + "SerialNumber=\"" + ca.certificate().getSerialNumber() + "\";NB=\"" + ca.certificate().getNotBefore().getTime() / 1000
                + "\";NA=\"" + ca.certificate().getNotAfter().getTime() / 1000 + "\"");
    }

    @Test
    void onlyTheSelectedSubfields() throws Exception {
        PassTlsClientCertConfig config = new PassTlsClientCertConfig(false, new PassTlsClientCertConfig.Info(false, false, false,
                false, new PassTlsClientCertConfig.Subject(false, false, false, true, false, true, false, false), null));
        String body = echo(new PassTlsClientCert(config), richClient, true);
        String info = URLDecoder.decode(EchoHandler.field(body, "x-forwarded-tls-client-cert-info"), StandardCharsets.UTF_8);
        assertThat(info).startsWith("Subject=\"O=Acme,O=Acme Labs,CN=client one\",Subject=\"CN=Test CA\"");
    }

    @Test
    void withoutAClientCertificateNothingIsAdded() throws Exception {
        PassTlsClientCertConfig config = new PassTlsClientCertConfig(true, PassTlsClientCertConfig.Info.DEFAULTS);
        String body = echo(new PassTlsClientCert(config), null, false, "X-Forwarded-Tls-Client-Cert", "client-sent");
        // As Traefik: without mutual TLS the headers are not touched.
        assertThat(EchoHandler.field(body, "x-forwarded-tls-client-cert")).isEqualTo("client-sent");
        assertThat(EchoHandler.field(body, "x-forwarded-tls-client-cert-info")).isNull();
    }

    @Test
    void aForgedHeaderIsReplacedWhenThereIsACertificate() throws Exception {
        String body = echo(PassTlsClientCert.pem(), richClient, true, "X-Forwarded-Tls-Client-Cert", "forged");
        assertThat(EchoHandler.fields(body, "x-forwarded-tls-client-cert")).hasSize(1).doesNotContain("forged");
    }

    @Test
    void queryEscapeIsGos() {
        assertThat(CertificateHeaders.queryEscape("a b*~\"=,;é")).isEqualTo("a+b%2A~%22%3D%2C%3B%C3%A9");
    }

    @Test
    void badConfigurationIsAClearError() {
        assertThat(Middlewares.error("""
                http:
                  middlewares:
                    m:
                      passTLSClientCert:
                        pem: maybe
                """, "m")).contains("pem");
        assertThat(Middlewares.error("""
                http:
                  middlewares:
                    m:
                      passTLSClientCert:
                        info:
                          subject:
                            commonname: true
                            surname: true
                """, "m")).contains("surname");
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/passtlsclientcert.md");
        assertThat(page.showsJava(".middleware(\"client-cert\", PassTlsClientCert.pem())")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            Middleware middleware = Middlewares.build(config, "client-cert", MiddlewareContext.named("client-cert"));
            String body = echo(middleware, richClient, true);
            assertThat(EchoHandler.field(body, "x-forwarded-tls-client-cert")).isNotEmpty();
            String info = URLDecoder.decode(EchoHandler.field(body, "x-forwarded-tls-client-cert-info"), StandardCharsets.UTF_8);
            assertThat(info).startsWith("Subject=\"C=FR,O=Acme,O=Acme Labs,CN=client one\";Issuer=\"CN=Test CA\";NA=\"1900000000\";"
                    + "SAN=\"client.example.org,ops@example.org,10.0.0.1,2001:db8::1,spiffe://example.org/client\"");
        }
    }
}
