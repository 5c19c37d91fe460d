package io.gatehouse.middleware.passtlsclientcert;

import io.gatehouse.core.net.IpLiterals;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The two header values exactly as Traefik writes them, from a client certificate chain. */
final class CertificateHeaders {

    private static final Map<String, String> OID_NAMES = Map.of("2.5.4.5", "SERIALNUMBER", "0.9.2342.19200300.100.1.25", "DC");

    private CertificateHeaders() {
    }

    /** X-Forwarded-Tls-Client-Cert: each certificate's DER in base64 (PEM without armour or newlines), comma-separated. */
    static String pem(X509Certificate[] chain) {
        StringBuilder out = new StringBuilder();
        for (X509Certificate cert : chain) {
            if (out.length() > 0) {
                out.append(',');
            }
            try {
                out.append(Base64.getEncoder().encodeToString(cert.getEncoded()));
            } catch (CertificateEncodingException e) {
                // Traefik writes an empty entry for a certificate it cannot encode
            }
        }
        return out.toString();
    }

    /** X-Forwarded-Tls-Client-Cert-Info, before URL escaping. */
    static String info(X509Certificate[] chain, PassTlsClientCertConfig.Info info) {
        List<String> perCert = new ArrayList<>();
        for (X509Certificate cert : chain) {
            List<String> values = new ArrayList<>();
            if (info.subject() != null) {
                PassTlsClientCertConfig.Subject s = info.subject();
                String subject = name(cert.getSubjectX500Principal(), s.domainComponent(), s.country(), s.province(),
                        s.locality(), s.organization(), s.organizationalUnit(), s.serialNumber(), s.commonName());
                if (!subject.isEmpty()) {
                    values.add("Subject=\"" + subject + "\"");
                }
            }
            if (info.issuer() != null) {
                PassTlsClientCertConfig.Issuer i = info.issuer();
                String issuer = name(cert.getIssuerX500Principal(), i.domainComponent(), i.country(), i.province(),
                        i.locality(), i.organization(), false, i.serialNumber(), i.commonName());
                if (!issuer.isEmpty()) {
                    values.add("Issuer=\"" + issuer + "\"");
                }
            }
            if (info.serialNumber()) {
                values.add("SerialNumber=\"" + cert.getSerialNumber() + "\"");
            }
            if (info.notBefore()) {
                values.add("NB=\"" + cert.getNotBefore().getTime() / 1000 + "\"");
            }
            if (info.notAfter()) {
                values.add("NA=\"" + cert.getNotAfter().getTime() / 1000 + "\"");
            }
            if (info.sans()) {
                List<String> sans = sans(cert);
                if (!sans.isEmpty()) {
                    values.add("SAN=\"" + String.join(",", sans) + "\"");
                }
            }
            perCert.add(String.join(";", values));
        }
        return String.join(",", perCert);
    }

    /** Go's field order: DC (as they appear), C, ST, L, O, OU, SN, CN; lists in certificate order; last CN/SN wins. */
    private static String name(X500Principal principal, boolean dc, boolean c, boolean st, boolean l, boolean o,
                               boolean ou, boolean sn, boolean cn) {
        List<Rdn> rdns;
        try {
            rdns = new LdapName(principal.getName(X500Principal.RFC2253, OID_NAMES)).getRdns();
        } catch (InvalidNameException e) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (dc) {
            append(out, rdns, "DC", "DC", false);
        }
        if (c) {
            append(out, rdns, "C", "C", false);
        }
        if (st) {
            append(out, rdns, "ST", "ST", false);
        }
        if (l) {
            append(out, rdns, "L", "L", false);
        }
        if (o) {
            append(out, rdns, "O", "O", false);
        }
        if (ou) {
            append(out, rdns, "OU", "OU", false);
        }
        if (sn) {
            append(out, rdns, "SERIALNUMBER", "SN", true);
        }
        if (cn) {
            append(out, rdns, "CN", "CN", true);
        }
        if (out.length() > 0) {
            out.setLength(out.length() - 1); // the trailing ','
        }
        return out.toString();
    }

    private static void append(StringBuilder out, List<Rdn> rdns, String type, String prefix, boolean lastOnly) {
        String last = null;
        for (Rdn rdn : rdns) { // index 0 is the first attribute of the certificate's sequence
            javax.naming.directory.Attributes attributes = rdn.toAttributes();
            javax.naming.directory.Attribute attribute = attributes.get(type);
            if (attribute == null) {
                continue;
            }
            try {
                for (int i = 0; i < attribute.size(); i++) {
                    String value = String.valueOf(attribute.get(i));
                    if (value.isEmpty()) {
                        continue;
                    }
                    if (lastOnly) {
                        last = value;
                    } else {
                        out.append(prefix).append('=').append(value).append(',');
                    }
                }
            } catch (javax.naming.NamingException e) {
                // unreadable attribute: left out
            }
        }
        if (last != null) {
            out.append(prefix).append('=').append(last).append(',');
        }
    }

    /** DNS names, then e-mail addresses, then IPs, then URIs, as Go groups them. */
    private static List<String> sans(X509Certificate cert) {
        List<String> dns = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        List<String> uris = new ArrayList<>();
        Collection<List<?>> names;
        try {
            names = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            names = null;
        }
        if (names != null) {
            for (List<?> name : names) {
                int type = (Integer) name.get(0);
                String value = String.valueOf(name.get(1));
                switch (type) {
                    case 2 -> dns.add(value);
                    case 1 -> emails.add(value);
                    case 7 -> {
                        byte[] ip = IpLiterals.parseUnmapped(value);
                        ips.add(ip == null ? value : IpLiterals.format(ip));
                    }
                    case 6 -> uris.add(value);
                    default -> {
                    }
                }
            }
        }
        List<String> all = new ArrayList<>(dns);
        all.addAll(emails);
        all.addAll(ips);
        all.addAll(uris);
        return all;
    }

    /** Go's url.QueryEscape: unreserved characters stay, space becomes '+', everything else %XX (upper case). */
    static String queryEscape(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append((char) c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
