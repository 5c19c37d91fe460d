package io.gatehouse.middleware.passtlsclientcert;

/**
 * Traefik's {@code passTLSClientCert}.
 *
 * @param pem  pass the client certificates (base64 DER, comma-separated) in X-Forwarded-Tls-Client-Cert
 * @param info pass the selected fields in X-Forwarded-Tls-Client-Cert-Info (URL-escaped); null = not passed
 */
public record PassTlsClientCertConfig(boolean pem, Info info) {

    public static final PassTlsClientCertConfig DEFAULTS = new PassTlsClientCertConfig(false, null);

    /** {@code info}: which fields of each certificate. */
    public record Info(boolean notAfter, boolean notBefore, boolean sans, boolean serialNumber, Subject subject, Issuer issuer) {
        public static final Info DEFAULTS = new Info(false, false, false, false, null, null);
    }

    /** {@code info.subject}: which parts of the subject name. */
    public record Subject(boolean country, boolean province, boolean locality, boolean organization,
                          boolean organizationalUnit, boolean commonName, boolean serialNumber, boolean domainComponent) {
        public static final Subject ALL = new Subject(true, true, true, true, true, true, true, true);
    }

    /** {@code info.issuer}: which parts of the issuer name. */
    public record Issuer(boolean country, boolean province, boolean locality, boolean organization,
                         boolean commonName, boolean serialNumber, boolean domainComponent) {
        public static final Issuer ALL = new Issuer(true, true, true, true, true, true, true);
    }

    public static PassTlsClientCertConfig pemOnly() {
        return new PassTlsClientCertConfig(true, null);
    }
}
