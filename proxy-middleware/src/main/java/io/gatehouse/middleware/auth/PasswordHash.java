package io.gatehouse.middleware.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One htpasswd hash, recognised when the users are loaded: bcrypt ({@code $2y$}, {@code $2a$}, {@code $2b$}),
 * MD5-crypt ({@code $apr1$}, {@code $1$}) or SHA-1 ({@code {SHA}}). Plain-text passwords are refused.
 */
sealed interface PasswordHash permits PasswordHash.Bcrypt, PasswordHash.Md5, PasswordHash.Sha1 {

    boolean matches(byte[] password);

    /** Whether checking costs enough CPU that it must not run on an IO thread. */
    boolean expensive();

    /**
     * @throws IllegalArgumentException saying which formats are known when {@code hash} is none of them
     */
    static PasswordHash parse(String hash) {
        if (hash.startsWith("$2y$") || hash.startsWith("$2a$") || hash.startsWith("$2b$")) {
            if (!hash.matches("\\$2[aby]\\$(0[4-9]|[12][0-9]|3[01])\\$[./A-Za-z0-9]{53}")) {
                throw new IllegalArgumentException("malformed bcrypt hash: expected $2y$<cost 04-31>$<53 characters of salt and hash>");
            }
            return new Bcrypt(hash.getBytes(StandardCharsets.US_ASCII));
        }
        if (hash.startsWith("$apr1$") || hash.startsWith("$1$")) {
            String magic = hash.startsWith("$1$") ? "$1$" : "$apr1$";
            int end = hash.indexOf('$', magic.length());
            if (end < 0 || end - magic.length() > 8 || !hash.substring(end + 1).matches("[./A-Za-z0-9]{22}")) {
                throw new IllegalArgumentException("malformed MD5 hash: expected " + magic + "<salt up to 8 characters>$<22 characters>");
            }
            return new Md5(hash, magic, hash.substring(magic.length(), end));
        }
        if (hash.startsWith("{SHA}")) {
            byte[] digest;
            try {
                digest = Base64.getDecoder().decode(hash.substring(5));
            } catch (IllegalArgumentException e) {
                digest = null;
            }
            if (digest == null || digest.length != 20) {
                throw new IllegalArgumentException("malformed SHA-1 hash: expected {SHA}<base64 of 20 bytes>");
            }
            return new Sha1(digest);
        }
        throw new IllegalArgumentException("unknown password hash format: expected bcrypt ($2y$, $2a$, $2b$), MD5 ($apr1$, $1$)"
                + " or SHA-1 ({SHA}), as written by htpasswd; plain-text passwords are not accepted");
    }

    record Bcrypt(byte[] hash) implements PasswordHash {
        private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer();

        @Override
        public boolean matches(byte[] password) {
            // bcrypt reads at most 72 bytes; the library rejects longer input instead of truncating as Go does.
            byte[] used = password.length > 72 ? java.util.Arrays.copyOf(password, 72) : password;
            return VERIFYER.verify(used, hash).verified;
        }

        @Override
        public boolean expensive() {
            return true;
        }
    }

    record Md5(String hash, String magic, String salt) implements PasswordHash {
        @Override
        public boolean matches(byte[] password) {
            String computed = Md5Crypt.crypt(password, salt.getBytes(StandardCharsets.UTF_8), magic);
            return MessageDigest.isEqual(computed.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public boolean expensive() {
            return false;
        }
    }

    record Sha1(byte[] digest) implements PasswordHash {
        @Override
        public boolean matches(byte[] password) {
            try {
                return MessageDigest.isEqual(MessageDigest.getInstance("SHA-1").digest(password), digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean expensive() {
            return false;
        }
    }
}
