package io.gatehouse.middleware.auth;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Credentials already verified, so that a valid client does not pay for bcrypt on every request. Entries are
 * salted SHA-256 digests of user and password (the salt is random per middleware instance): neither the password
 * nor an unsalted hash of it is kept. The set is bounded: when full it is emptied, and clients pay once more.
 */
final class VerifiedCredentials {

    static final int DEFAULT_CAPACITY = 4096;

    private final MessageDigest salted;
    private final Set<ByteBuffer> verified = ConcurrentHashMap.newKeySet();
    private final int capacity;

    VerifiedCredentials(int capacity) {
        this.capacity = capacity;
        byte[] salt = new byte[32];
        new SecureRandom().nextBytes(salt);
        try {
            salted = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        salted.update(salt);
    }

    /** The cache key of these credentials; cheap (one SHA-256), computed once per request. */
    ByteBuffer key(byte[] userAndPassword) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) salted.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        return ByteBuffer.wrap(digest.digest(userAndPassword));
    }

    boolean contains(ByteBuffer key) {
        return verified.contains(key);
    }

    void add(ByteBuffer key) {
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.add(key);
    }

    int size() {
        return verified.size();
    }
}
