package io.gatehouse.core.proxy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.KeyPair;
import java.security.KeyPairGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPairsTest {

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC", "Ed25519"})
    void aKeyMatchesItsOwnPublicKeyOnly(String algorithm) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        assertThat(KeyPairs.match(pair.getPublic(), pair.getPrivate())).isTrue();
        assertThat(KeyPairs.match(pair.getPublic(), other.getPrivate())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"RSA", "EC"})
    void aKeyOfAnotherAlgorithmNeverMatches(String algorithm) throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance(algorithm).generateKeyPair();
        KeyPair other = KeyPairGenerator.getInstance(algorithm.equals("RSA") ? "EC" : "RSA").generateKeyPair();
        assertThat(KeyPairs.match(pair.getPublic(), other.getPrivate())).isFalse();
    }
}
