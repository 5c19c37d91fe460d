package io.gatehouse.middleware.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Server nonces for digest authentication. A nonce is its issue time plus an HMAC of it (key random per middleware
 * instance), so issuing one needs no shared state; a nonce is fresh for {@link #LIFETIME_MILLIS}, then the client is
 * told it is stale. Replays are refused: per nonce in use, the nonce count must grow (bounded table).
 */
final class DigestNonces {

    static final long LIFETIME_MILLIS = 5 * 60_000L;
    private static final int MAX_TRACKED = 8192;

    enum Check { FRESH, STALE, INVALID }

    private final byte[] key = new byte[32];
    private final ThreadLocal<Mac> macs;
    private final ConcurrentHashMap<String, Long> lastCount = new ConcurrentHashMap<>();

    DigestNonces() {
        new SecureRandom().nextBytes(key);
        macs = ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    String issue(long now) {
        byte[] time = ByteBuffer.allocate(8).putLong(now).array();
        byte[] sig = macs.get().doFinal(time);
        byte[] nonce = ByteBuffer.allocate(8 + 16).put(time).put(sig, 0, 16).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(nonce);
    }

    Check check(String nonce, long now) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Check.INVALID;
        }
        if (raw.length != 24) {
            return Check.INVALID;
        }
        byte[] sig = macs.get().doFinal(java.util.Arrays.copyOf(raw, 8));
        if (!MessageDigest.isEqual(java.util.Arrays.copyOf(sig, 16), java.util.Arrays.copyOfRange(raw, 8, 24))) {
            return Check.INVALID;
        }
        long issued = ByteBuffer.wrap(raw, 0, 8).getLong();
        return now - issued > LIFETIME_MILLIS || issued > now + 60_000 ? Check.STALE : Check.FRESH;
    }

    /** Records {@code count} for {@code nonce}; false when it is not greater than the last one seen (a replay). */
    boolean advance(String nonce, long count, long now) {
        if (lastCount.size() >= MAX_TRACKED) {
            lastCount.keySet().removeIf(n -> check(n, now) != Check.FRESH);
            if (lastCount.size() >= MAX_TRACKED) {
                lastCount.clear();
            }
        }
        boolean[] advanced = {false};
        lastCount.compute(nonce, (n, last) -> {
            if (last == null || count > last) {
                advanced[0] = true;
                return count;
            }
            return last;
        });
        return advanced[0];
    }

    static String md5Hex(String text) {
        byte[] digest = Md5Crypt.md5().digest(text.getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(32);
        for (byte b : digest) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }
}
