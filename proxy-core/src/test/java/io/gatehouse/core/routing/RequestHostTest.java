package io.gatehouse.core.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Host values Undertow may let through but no test client sends: Go's SplitHostPort rules. */
class RequestHostTest {

    @Test
    void canonicalizesLikeTraefik() {
        assertThat(RequestHost.canonical(null)).isEmpty();
        assertThat(RequestHost.canonical("")).isEmpty();
        assertThat(RequestHost.canonical(" Example.com ")).isEqualTo("example.com");
        assertThat(RequestHost.canonical("example.com:")).isEqualTo("example.com");
        assertThat(RequestHost.canonical("example.com:abc")).isEqualTo("example.com");
        assertThat(RequestHost.canonical("::1")).isEqualTo("::1");
        assertThat(RequestHost.canonical("a:b:c")).isEqualTo("a:b:c");
        assertThat(RequestHost.canonical("[::1]:")).isEqualTo("::1");
        assertThat(RequestHost.canonical("[::1]x")).isEqualTo("[::1]x");
        assertThat(RequestHost.canonical("[::1]:80:90")).isEqualTo("[::1]:80:90");
        assertThat(RequestHost.canonical("[::1")).isEqualTo("[::1");
        assertThat(RequestHost.canonical(".")).isEmpty();
        assertThat(RequestHost.canonical("a..")).isEqualTo("a.");
    }


    @Test
    void queryKeepsRawNonAsciiAsUtf8() {
        assertThat(QueryParameters.unescape("\uD83D\uDE00+%41")).isEqualTo("\uD83D\uDE00 A");
        assertThat(QueryParameters.unescape("é")).isEqualTo("é");
    }
}
