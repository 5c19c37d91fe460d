package io.gatehouse.middleware.passtlsclientcert;

import io.gatehouse.core.middleware.Middleware;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.AttachmentKey;
import io.undertow.util.HttpString;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;

/**
 * Passes the TLS client certificate of the connection to the backend, as Traefik's passTLSClientCert:
 * X-Forwarded-Tls-Client-Cert (pem) and X-Forwarded-Tls-Client-Cert-Info (info, URL-escaped). Client-sent headers of
 * those names are replaced when there is a certificate and left alone otherwise (as Traefik does). The values are
 * computed once per connection, since the certificate cannot change on it.
 */
public final class PassTlsClientCert implements Middleware {

    static final HttpString CERT = new HttpString("X-Forwarded-Tls-Client-Cert");
    static final HttpString CERT_INFO = new HttpString("X-Forwarded-Tls-Client-Cert-Info");

    /** Per middleware instance: the connection's header values ({@code [pem, info]}, null entries when not passed). */
    private final AttachmentKey<String[]> perConnection = AttachmentKey.create(String[].class);
    private final boolean pem;
    private final PassTlsClientCertConfig.Info info;

    public PassTlsClientCert(PassTlsClientCertConfig config) {
        this.pem = config.pem();
        this.info = config.info();
    }

    /** For code: {@code PassTlsClientCert.pem()}. */
    public static PassTlsClientCert pem() {
        return new PassTlsClientCert(PassTlsClientCertConfig.pemOnly());
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        if (!pem && info == null) {
            return next;
        }
        return exchange -> {
            String[] values = headers(exchange);
            if (values != null) {
                if (values[0] != null) {
                    exchange.getRequestHeaders().put(CERT, values[0]);
                }
                if (values[1] != null) {
                    exchange.getRequestHeaders().put(CERT_INFO, values[1]);
                }
            }
            next.handleRequest(exchange);
        };
    }

    private String[] headers(HttpServerExchange exchange) {
        String[] cached = exchange.getConnection().getAttachment(perConnection);
        if (cached != null) {
            return cached.length == 0 ? null : cached;
        }
        X509Certificate[] chain = chain(exchange.getConnection().getSslSessionInfo());
        String[] values = chain == null ? new String[0] : new String[] {
                pem ? CertificateHeaders.pem(chain) : null,
                info == null ? null : CertificateHeaders.queryEscape(CertificateHeaders.info(chain, info))};
        exchange.getConnection().putAttachment(perConnection, values);
        return values.length == 0 ? null : values;
    }

    private static X509Certificate[] chain(SSLSessionInfo session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] certificates = session.getPeerCertificates();
            if (certificates == null || certificates.length == 0) {
                return null;
            }
            return Arrays.stream(certificates).filter(X509Certificate.class::isInstance)
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
        } catch (Exception noClientCertificate) {
            // SSLPeerUnverifiedException / RenegotiationRequiredException: no mutual TLS on this connection
            return null;
        }
    }
}
