package io.gatehouse.core.proxy;

import io.gatehouse.core.config.ConfigError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and private keys: PKCS#8 ("PRIVATE KEY", RSA, EC or Ed25519), PKCS#1
 * ("RSA PRIVATE KEY") and SEC1 ("EC PRIVATE KEY"), from a file or inline PEM text. Problems become {@link ConfigError}s, never exceptions.
 */
public final class PemFiles {

    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final byte[] RSA_ALGORITHM = der(0x30, concat(der(0x06, oid(1, 2, 840, 113549, 1, 1, 1)), new byte[] {0x05, 0x00}));
    private static final byte[] EC_PUBLIC_KEY_OID = der(0x06, oid(1, 2, 840, 10045, 2, 1));
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemFiles() {
    }

    /** Every certificate in the file, in order; null (with an error) when there is none or the file is unusable. */
    public static List<X509Certificate> certificates(String file, String path, List<ConfigError> errors) {
        String text = read(file, path, errors);
        if (text == null) {
            return null;
        }
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher matcher = BLOCK.matcher(text);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            while (matcher.find()) {
                if (matcher.group(1).equals("CERTIFICATE")) {
                    byte[] der = Base64.getMimeDecoder().decode(matcher.group(2));
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException | IllegalArgumentException e) {
            errors.add(new ConfigError(path, shown(file), "is not a valid PEM certificate file: " + e.getMessage()));
            return null;
        }
        if (certificates.isEmpty()) {
            errors.add(new ConfigError(path, shown(file), "contains no PEM certificate (-----BEGIN CERTIFICATE-----)"));
            return null;
        }
        return certificates;
    }

    /** The first private key in the file; null (with an error) when there is none or it cannot be read. */
    public static PrivateKey privateKey(String file, String path, List<ConfigError> errors) {
        String text = read(file, path, errors);
        if (text == null) {
            return null;
        }
        Matcher matcher = BLOCK.matcher(text);
        while (matcher.find()) {
            String type = matcher.group(1);
            byte[] der;
            try {
                der = Base64.getMimeDecoder().decode(matcher.group(2));
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(path, shown(file), "has a " + type + " block that is not valid base64"));
                return null;
            }
            try {
                switch (type) {
                    case "PRIVATE KEY":
                        return pkcs8(der, path, file, errors);
                    case "RSA PRIVATE KEY":
                        return pkcs8(der(0x30, concat(VERSION_0, RSA_ALGORITHM, der(0x04, der))), path, file, errors);
                    case "EC PRIVATE KEY":
                        byte[] pkcs8 = sec1ToPkcs8(der);
                        if (pkcs8 == null) {
                            errors.add(new ConfigError(path, shown(file), "holds an EC PRIVATE KEY without its curve; "
                                    + "convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt)"));
                            return null;
                        }
                        return pkcs8(pkcs8, path, file, errors);
                    case "ENCRYPTED PRIVATE KEY":
                        errors.add(new ConfigError(path, shown(file), "holds an encrypted private key; an unencrypted PEM key is expected"));
                        return null;
                    default:
                        // certificates or parameters next to the key: skip
                }
            } catch (IOException | RuntimeException e) {
                errors.add(new ConfigError(path, shown(file), "has a " + type + " block that cannot be decoded"));
                return null;
            }
        }
        errors.add(new ConfigError(path, shown(file),
                "contains no PEM private key (PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)"));
        return null;
    }

    private static PrivateKey pkcs8(byte[] der, String path, String file, List<ConfigError> errors) {
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException e) {
                // try the next algorithm
            }
        }
        errors.add(new ConfigError(path, shown(file), "holds a private key that is not a readable RSA, EC or Ed25519 key"));
        return null;
    }

    /** SEC1 ECPrivateKey ::= SEQUENCE { version, privateKey OCTET STRING, [0] curve OID, [1] public key }. */
    private static byte[] sec1ToPkcs8(byte[] sec1) throws IOException {
        Der outer = new Der(sec1, 0);
        if (outer.tag != 0x30) {
            throw new IOException("not a sequence");
        }
        int position = outer.contentStart;
        byte[] curve = null;
        while (position < outer.end) {
            Der element = new Der(sec1, position);
            if (element.tag == 0xA0) {
                Der oid = new Der(sec1, element.contentStart);
                curve = java.util.Arrays.copyOfRange(sec1, element.contentStart, oid.end);
            }
            position = element.end;
        }
        if (curve == null) {
            return null;
        }
        byte[] algorithm = der(0x30, concat(EC_PUBLIC_KEY_OID, curve));
        return der(0x30, concat(VERSION_0, algorithm, der(0x04, sec1)));
    }

    /** How a file appears in an error: inline PEM (a private key, maybe) is never repeated. */
    private static String shown(String file) {
        return file != null && file.contains("-----BEGIN ") ? "(inline PEM)" : file;
    }

    private static String read(String file, String path, List<ConfigError> errors) {
        if (file == null || file.isBlank()) {
            errors.add(new ConfigError(path, shown(file), "must name a PEM file"));
            return null;
        }
        if (file.contains("-----BEGIN ")) {
            return file; // inline PEM content, as Traefik accepts in place of a file name
        }
        try {
            return Files.readString(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | RuntimeException e) {
            errors.add(new ConfigError(path, shown(file), "cannot be read (" + why(e) + ")"));
            return null;
        }
    }

    private static String why(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof IOException && e.getMessage() != null && e.getMessage().contains("directory")) {
            return "a directory, not a file";
        }
        return e.getClass().getSimpleName();
    }

    /** A DER tag-length-value header read at an offset. */
    private static final class Der {
        final int tag;
        final int contentStart;
        final int end;

        Der(byte[] data, int offset) throws IOException {
            if (offset + 2 > data.length) {
                throw new IOException("truncated");
            }
            tag = data[offset] & 0xff;
            int length = data[offset + 1] & 0xff;
            int position = offset + 2;
            if (length > 0x80) {
                int bytes = length & 0x7f;
                if (bytes > 3 || position + bytes > data.length) {
                    throw new IOException("bad length");
                }
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (data[position++] & 0xff);
                }
            } else if (length == 0x80) {
                throw new IOException("indefinite length");
            }
            contentStart = position;
            end = position + length;
            if (end > data.length) {
                throw new IOException("truncated");
            }
        }
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write(length >> 8);
            out.write(length);
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] oid(int... arcs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.length; i++) {
            int arc = arcs[i];
            int shift = 28;
            while (shift > 0 && (arc >>> shift) == 0) {
                shift -= 7;
            }
            for (; shift > 0; shift -= 7) {
                out.write(0x80 | ((arc >>> shift) & 0x7f));
            }
            out.write(arc & 0x7f);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
