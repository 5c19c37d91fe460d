package io.gatehouse.middleware.passtlsclientcert;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad option combinations and requests without a client certificate against passTLSClientCert. */
@Timeout(60)
class PassTlsClientCertAdversarialTest {

    private static final String PATH = "http.middlewares.m.passTLSClientCert";

    @ParameterizedTest
    @ValueSource(strings = {"pem: maybe", "pem: [true]", "info: true", "info: \"all\"", "info:\n  notAfter: sometimes",
            "info:\n  subject: true", "info:\n  subject:\n    commonname: yes please", "info:\n  issuer:\n    organizationalUnit: 1x",
            "info:\n  subject:\n    email: true", "info:\n  sansx: true", "pemm: true"})
    void badOptionsAreErrors(String options) {
        String message = MiddlewareConfigs.error("passTLSClientCert", options);
        assertThat(message).containsIgnoringCase(PATH);
    }

    @Test
    void withoutAClientCertificateNothingIsAddedAndNothingBreaks() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(MiddlewareConfigs.build(MiddlewareConfigs.yaml(
                "passTLSClientCert", "pem: true\ninfo:\n  sans: true\n  subject:\n    commonName: true"), "m"))) {
            HttpResponse<String> response = proxy.get("/");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(response.body(), "x-forwarded-tls-client-cert")).isNull();
            assertThat(EchoHandler.field(response.body(), "x-forwarded-tls-client-cert-info")).isNull();
        }
    }

    @Test
    void emptyOptionsBuildAMiddlewareThatDoesNothing() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(MiddlewareConfigs.build(MiddlewareConfigs.yaml(
                "passTLSClientCert", ""), "m"))) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        }
    }
}
