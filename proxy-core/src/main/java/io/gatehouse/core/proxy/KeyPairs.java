package io.gatehouse.core.proxy;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** Whether a private key belongs to a certificate's public key, as Go's tls.X509KeyPair checks. */
public final class KeyPairs {

    private KeyPairs() {
    }

    /** Signs a random nonce with the private key and verifies it with the public key; false on any failure. */
    public static boolean match(PublicKey publicKey, PrivateKey privateKey) {
        String algorithm = signatureAlgorithm(privateKey.getAlgorithm());
        if (algorithm == null) {
            return false;
        }
        byte[] nonce = new byte[32];
        new SecureRandom().nextBytes(nonce);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(nonce);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(nonce);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static String signatureAlgorithm(String keyAlgorithm) {
        switch (keyAlgorithm) {
            case "RSA":
                return "SHA256withRSA";
            case "EC":
                return "SHA256withECDSA";
            case "Ed25519":
            case "EdDSA":
                return "Ed25519";
            default:
                return null;
        }
    }
}
