package io.gatehouse.core.proxy;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class ResponseFramingTest {

    @Test
    void singleContentLengthIsKept() {
        HeaderMap headers = headers("42");
        assertThat(ResponseFraming.normalize(headers)).isTrue();
        assertThat(headers.get(Headers.CONTENT_LENGTH)).containsExactly("42");
    }

    @Test
    void noContentLengthIsValid() {
        assertThat(ResponseFraming.normalize(new HeaderMap())).isTrue();
    }

    @Test
    void identicalDuplicatesAreCollapsedIntoOne() {
        HeaderMap headers = headers("5", "5, 5");
        assertThat(ResponseFraming.normalize(headers)).isTrue();
        assertThat(headers.get(Headers.CONTENT_LENGTH)).containsExactly("5");
    }

    @Test
    void differingDuplicatesAreInvalid() {
        assertThat(ResponseFraming.normalize(headers("2", "40"))).isFalse();
    }

    @ParameterizedTest(name = "[{index}] ''{0}''")
    @ValueSource(strings = {"2, 40", "", "abc", "-1", "+5", "5,", ",5", "1 2", "0x10", "1234567890123456789012"})
    void invalidContentLengthValues(String value) {
        assertThat(ResponseFraming.normalize(headers(value))).isFalse();
    }

    @Test
    void contentLengthIsDroppedWhenTransferEncodingIsPresent() {
        HeaderMap headers = headers("5", "7");
        headers.put(Headers.TRANSFER_ENCODING, "chunked");
        assertThat(ResponseFraming.normalize(headers)).isTrue();
        assertThat(headers.contains(Headers.CONTENT_LENGTH)).isFalse();
        assertThat(headers.getFirst(Headers.TRANSFER_ENCODING)).isEqualTo("chunked");
    }

    private static HeaderMap headers(String... lengths) {
        HeaderMap headers = new HeaderMap();
        for (String length : lengths) {
            headers.add(Headers.CONTENT_LENGTH, length);
        }
        return headers;
    }
}
