package io.gatehouse.middleware.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** MD5-crypt (Poul-Henning Kamp's algorithm), as htpasswd writes it with {@code $apr1$} and crypt(3) with {@code $1$}. */
final class Md5Crypt {

    private static final char[] ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private Md5Crypt() {
    }

    static String crypt(byte[] password, byte[] salt, String magic) {
        MessageDigest ctx = md5();
        ctx.update(password);
        ctx.update(magic.getBytes(StandardCharsets.US_ASCII));
        ctx.update(salt);
        MessageDigest alt = md5();
        alt.update(password);
        alt.update(salt);
        alt.update(password);
        byte[] altResult = alt.digest();
        for (int left = password.length; left > 0; left -= 16) {
            ctx.update(altResult, 0, Math.min(left, 16));
        }
        for (int i = password.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(password[0]);
            }
        }
        byte[] result = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest round = md5();
            round.update((i & 1) != 0 ? password : result);
            if (i % 3 != 0) {
                round.update(salt);
            }
            if (i % 7 != 0) {
                round.update(password);
            }
            round.update((i & 1) != 0 ? result : password);
            result = round.digest();
        }
        StringBuilder out = new StringBuilder(magic).append(new String(salt, StandardCharsets.UTF_8)).append('$');
        to64(out, (result[0] & 0xff) << 16 | (result[6] & 0xff) << 8 | (result[12] & 0xff), 4);
        to64(out, (result[1] & 0xff) << 16 | (result[7] & 0xff) << 8 | (result[13] & 0xff), 4);
        to64(out, (result[2] & 0xff) << 16 | (result[8] & 0xff) << 8 | (result[14] & 0xff), 4);
        to64(out, (result[3] & 0xff) << 16 | (result[9] & 0xff) << 8 | (result[15] & 0xff), 4);
        to64(out, (result[4] & 0xff) << 16 | (result[10] & 0xff) << 8 | (result[5] & 0xff), 4);
        to64(out, result[11] & 0xff, 2);
        return out.toString();
    }

    private static void to64(StringBuilder out, int value, int chars) {
        for (int i = 0; i < chars; i++) {
            out.append(ITOA64[value & 0x3f]);
            value >>>= 6;
        }
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
