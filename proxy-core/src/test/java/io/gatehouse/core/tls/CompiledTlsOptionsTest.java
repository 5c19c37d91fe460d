package io.gatehouse.core.tls;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.TlsOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Options that reach the compiler from code (the decoder catches some of these earlier for files). */
class CompiledTlsOptionsTest {

    private final CertificateStore store = new CertificateStore(List.of(), null);

    private List<String> errors(TlsOptions options) {
        List<ConfigError> errors = new ArrayList<>();
        CompiledTlsOptions compiled = CompiledTlsOptions.compile("o@code", options, "tls.options.o@code", store, errors);
        assertThat(compiled == null).isEqualTo(!errors.isEmpty());
        return errors.stream().map(ConfigError::toString).toList();
    }

    private static TlsOptions options(String min, String max, List<String> ciphers, List<String> curves,
                                      TlsOptions.ClientAuth auth) {
        return new TlsOptions(min, max, ciphers, curves, false, null, auth);
    }

    @Test
    void theDefaultsCompileToTls12And13() {
        List<ConfigError> errors = new ArrayList<>();
        CompiledTlsOptions compiled = CompiledTlsOptions.compile("default", TlsOptions.DEFAULTS, "tls.options.default", store, errors);
        assertThat(errors).isEmpty();
        assertThat(compiled.parameters().getProtocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(compiled.parameters().getNeedClientAuth()).isFalse();
        assertThat(compiled.parameters().getWantClientAuth()).isFalse();
        assertThat(compiled.http2()).isTrue();
    }

    @Test
    void unknownVersionsCiphersCurvesAndClientAuthTypesAreErrorsNamingTheOption() {
        assertThat(errors(options("TLS1.2", null, null, null, null)))
                .singleElement().asString().contains("tls.options.o@code.minVersion").contains("unknown TLS version");
        assertThat(errors(options(null, "VersionTLS14", null, null, null)))
                .singleElement().asString().contains("maxVersion").contains("VersionTLS14");
        assertThat(errors(options("VersionTLS13", "VersionTLS12", null, null, null)))
                .singleElement().asString().contains("minVersion").contains("above maxVersion VersionTLS12");
        assertThat(errors(options(null, null, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "RC4-MD5", ""), null, null)))
                .hasSize(2).anySatisfy(e -> assertThat(e).contains("cipherSuites[1]").contains("RC4-MD5"))
                .anySatisfy(e -> assertThat(e).contains("cipherSuites[2]"));
        assertThat(errors(options(null, null, null, List.of("CurveP256", "brainpool"), null)))
                .singleElement().asString().contains("curvePreferences[1]").contains("brainpool");
        assertThat(errors(options(null, null, null, null, new TlsOptions.ClientAuth(List.of(), "RequireClientCert"))))
                .singleElement().asString().contains("clientAuth.clientAuthType").contains("RequireClientCert")
                .contains("RequireAndVerifyClientCert");
    }

    @Test
    void verifyingTypesNeedCaFilesAndCaFilesMustBeReadable() {
        assertThat(errors(options(null, null, null, null, new TlsOptions.ClientAuth(List.of(), "VerifyClientCertIfGiven"))))
                .singleElement().asString().contains("clientAuth.caFiles").contains("needs caFiles");
        assertThat(errors(options(null, null, null, null, new TlsOptions.ClientAuth(List.of("/nonexistent/ca.pem"), null))))
                .singleElement().asString().contains("clientAuth.caFiles[0]").contains("/nonexistent/ca.pem").contains("cannot be read");
        assertThat(errors(options(null, null, null, null,
                new TlsOptions.ClientAuth(List.of("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----"), null))))
                .singleElement().asString().contains("clientAuth.caFiles[0]").contains("(inline PEM)");
    }

    @Test
    void cipherSuitesKeepTls13SuitesEnabledAsGoDoes() {
        List<ConfigError> errors = new ArrayList<>();
        CompiledTlsOptions compiled = CompiledTlsOptions.compile("o", options(null, null,
                List.of("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_AES_128_GCM_SHA256"), null, null), "p", store, errors);
        assertThat(errors).isEmpty();
        assertThat(compiled.parameters().getCipherSuites()).startsWith("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256")
                .contains("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");
    }

    @Test
    void clientAuthTypesMapToJsse() {
        record Case(String type, boolean want, boolean need) {
        }
        for (Case c : List.of(new Case("NoClientCert", false, false), new Case("RequestClientCert", true, false),
                new Case("RequireAnyClientCert", false, true))) {
            List<ConfigError> errors = new ArrayList<>();
            CompiledTlsOptions compiled = CompiledTlsOptions.compile("o", options(null, null, null, null,
                    new TlsOptions.ClientAuth(List.of(), c.type())), "p", store, errors);
            assertThat(errors).isEmpty();
            assertThat(compiled.parameters().getNeedClientAuth()).as(c.type()).isEqualTo(c.need());
            assertThat(compiled.parameters().getWantClientAuth() || compiled.parameters().getNeedClientAuth())
                    .as(c.type()).isEqualTo(c.want() || c.need());
        }
    }
}
