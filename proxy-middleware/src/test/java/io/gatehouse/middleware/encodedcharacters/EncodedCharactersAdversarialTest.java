package io.gatehouse.middleware.encodedcharacters;

import io.gatehouse.middleware.testing.ProxiedMiddleware;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.gatehouse.middleware.testing.HostileConfig.accepted;
import static io.gatehouse.middleware.testing.HostileConfig.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class EncodedCharactersAdversarialTest {

    @ParameterizedTest
    @ValueSource(strings = {"allowEncodedSlash: yes please", "allowEncodedSlash: [true]", "allowEncodedSlash: 2",
            "allowEncodedSlash: {a: b}"})
    void badBooleanIsAnError(String options) {
        assertRejected("encodedCharacters", "allowEncodedSlash", options);
    }

    @Test
    void unknownOptionIsAnErrorWithSuggestion() {
        assertThat(assertRejected("encodedCharacters", "", "allowEncodedSlashes: true")).containsIgnoringCase("allowEncodedSlash");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a%2Fb", "/a%2fb", "/a%3Bb", "/a%3bb", "/a%25b", "/a%3Fb", "/a%3fb", "/a%23b", "/a%252Fb"})
    void defaultsRefuseEveryAmbiguousEscape(String path) throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("encodedCharacters", ""))) {
            assertThat(proxy.rawGet("localhost", path).status()).as(path).isEqualTo(400);
        }
    }

    @Test
    void queryIsNeverChecked() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("encodedCharacters", ""))) {
            assertThat(proxy.rawGet("localhost", "/a?x=%2F%3F%23%25%3B").status()).isEqualTo(200);
        }
    }

    @Test
    void allowingSlashDoesNotAllowTheOthers() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("encodedCharacters", "allowEncodedSlash: true"))) {
            assertThat(proxy.rawGet("localhost", "/a%2Fb").status()).isEqualTo(200);
            assertThat(proxy.rawGet("localhost", "/a%3Fb").status()).isEqualTo(400);
        }
    }

    @Test
    void backslashAndNulAreRefusedEvenWhenAllowed() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(accepted("encodedCharacters",
                "allowEncodedBackSlash: true\nallowEncodedNullCharacter: true"))) {
            assertThat(proxy.rawGet("localhost", "/a%5Cb").status()).isEqualTo(400);
            assertThat(proxy.rawGet("localhost", "/a%00b").status()).isEqualTo(400);
        }
    }
}
