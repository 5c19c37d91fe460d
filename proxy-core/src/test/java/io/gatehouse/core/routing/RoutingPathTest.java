package io.gatehouse.core.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingPathTest {

    static Stream<Arguments> normalizations() {
        return Stream.of(
                // ordinary paths are returned as they are
                arguments("/", "/"),
                arguments("/a/b/c", "/a/b/c"),
                arguments("/a/b/", "/a/b/"),
                arguments("/.well-known/acme", "/.well-known/acme"),
                arguments("/a/...", "/a/..."),
                arguments("/a/.b/..c", "/a/.b/..c"),
                arguments("/api;v=1/x", "/api;v=1/x"),
                arguments("/a:b@c!$&'()*+,=", "/a:b@c!$&'()*+,="),
                // dot segments and empty segments, before matching
                arguments("/public/../admin", "/admin"),
                arguments("/public/./../admin/", "/admin/"),
                arguments("/admin/./x", "/admin/x"),
                arguments("//admin", "/admin"),
                arguments("///admin//x", "/admin/x"),
                arguments("/../x", "/x"),
                arguments("/../../../../x", "/x"),
                arguments("/..", "/"),
                arguments("/.", "/"),
                arguments("/a/b/..", "/a/"),
                arguments("/a/b/.", "/a/b/"),
                arguments("/a/b/../", "/a/"),
                // escaped dots are dots
                arguments("/%2e%2e/admin", "/admin"),
                arguments("/%2E%2E/admin", "/admin"),
                arguments("/public/%2e%2e/admin", "/admin"),
                arguments("/public/.%2e/admin", "/admin"),
                arguments("/%2e/admin", "/admin"),
                // double encoding is not a dot segment
                arguments("/%252e%252e/admin", "/%252e%252e/admin"),
                arguments("/public/%252e%252e/admin", "/public/%252e%252e/admin"),
                // unreserved escapes decoded, reserved kept with upper-case hex
                arguments("/%61dmin", "/admin"),
                arguments("/%41%5a%7e%2d%5F", "/AZ~-_"),
                arguments("/a%2fb", "/a%2Fb"),
                arguments("/a%2Fb", "/a%2Fb"),
                arguments("/a%3fb%3Fc", "/a%3Fb%3Fc"),
                arguments("/a%23b", "/a%23b"),
                arguments("/a%25b", "/a%25b"),
                arguments("/a%3a%40%5b%5d%21%24%26%27%28%29%2a%2b%2c%3b%3d", "/a%3A%40%5B%5D%21%24%26%27%28%29%2A%2B%2C%3B%3D"),
                arguments("/public/..%2Fadmin", "/public/..%2Fadmin"),
                // other characters decoded as Traefik does (space, quotes, braces ...)
                arguments("/foo%20bar", "/foo bar"),
                arguments("/%22%3C%3E%5E%60%7B%7C%7D", "/\"<>^`{|}"),
                // UTF-8
                arguments("/caf%C3%A9", "/café"),
                arguments("/caf%c3%a9", "/café"),
                arguments("/%E2%82%AC/%F0%9F%98%80", "/€/\uD83D\uDE00"),
                // OPTIONS * and empty
                arguments("*", "*")
        );
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments("/a\\b", "backslash"),
                arguments("/public\\..\\admin", "backslash"),
                arguments("/a#b", "'#'"),
                arguments("/a?b", "'?'"),
                arguments("/a b", "space"),
                arguments("/a\tb", "control character"),
                arguments("/a\u0000b", "control character"),
                arguments("/a\u007Fb", "control character"),
                arguments("/caf\u00e9", "non-ASCII"),
                arguments("/a%zz", "invalid percent-escape '%zz' at index 2"),
                arguments("/a%2", "truncated percent-escape '%2' at index 2"),
                arguments("/a%", "truncated percent-escape '%' at index 2"),
                arguments("/a%g0", "invalid percent-escape"),
                arguments("/a%0g", "invalid percent-escape"),
                arguments("/a%00b", "escaped control character '%00'"),
                arguments("/a%0D%0Ab", "escaped control character '%0D'"),
                arguments("/a%1fb", "escaped control character"),
                arguments("/a%7Fb", "escaped control character"),
                arguments("/public%5C..%5Cadmin", "escaped backslash '%5C'"),
                arguments("/a%5cb", "escaped backslash"),
                arguments("/%C0%AE%C0%AE/admin", "not valid UTF-8"),
                arguments("/%C3", "not valid UTF-8"),
                arguments("/%E9t%E9", "not valid UTF-8"),
                arguments("/%ED%A0%80", "not valid UTF-8"),
                arguments("/%FF", "not valid UTF-8"),
                arguments("/public/..;/admin", "dot segment with parameters"),
                arguments("/public/.;x/admin", "dot segment with parameters"),
                arguments("/public/%2e%2e;/admin", "dot segment with parameters"),
                arguments("/public/..%3B/admin", "dot segment with parameters"),
                arguments("/public/..%3b/admin", "dot segment with parameters"),
                arguments("admin", "must start with '/'"),
                arguments("http://host/path", "must start with '/'"),
                arguments("host:443", "must start with '/'")
        );
    }

    static Stream<Arguments> targets() {
        return Stream.of(
                arguments("/", "/"),
                arguments("/a/b;c=d", "/a/b;c=d"),
                arguments("/a%2Fb%3F", "/a%2Fb%3F"),
                arguments("/foo bar", "/foo%20bar"),
                arguments("/\"<>^`{|}", "/%22%3C%3E%5E%60%7B%7C%7D"),
                arguments("/café", "/caf%C3%A9"),
                arguments("/€", "/%E2%82%AC"),
                arguments("*", "*")
        );
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("normalizations")
    void normalizes(String raw, String expected) throws Exception {
        assertThat(RoutingPath.normalize(raw)).isEqualTo(expected);
    }

    @Test
    void emptyOrMissingPathIsRoot() throws Exception {
        assertThat(RoutingPath.normalize("")).isEqualTo("/");
        assertThat(RoutingPath.normalize(null)).isEqualTo("/");
    }

    @Test
    void unchangedPathIsTheSameInstance() throws Exception {
        String raw = "/api/v1/users;x=1";
        assertThat(RoutingPath.normalize(raw)).isSameAs(raw);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refuses(String raw, String messagePart) {
        assertThatThrownBy(() -> RoutingPath.normalize(raw))
                .isInstanceOf(InvalidRequestPathException.class)
                .hasMessageContaining(messagePart);
    }

    @Test
    void errorMessagesDoNotEchoControlCharacters() {
        assertThatThrownBy(() -> RoutingPath.normalize("/a\r\nSet-Cookie: x"))
                .isInstanceOf(InvalidRequestPathException.class)
                .hasMessageNotContaining("\r")
                .hasMessageNotContaining("\n")
                .hasMessageContaining("\\x0D");
    }

    @Test
    void errorMessagesAreBounded() {
        String longPath = "/" + "a".repeat(10_000) + "\\";
        assertThatThrownBy(() -> RoutingPath.normalize(longPath))
                .isInstanceOf(InvalidRequestPathException.class)
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("targets")
    void requestTargetEscapesWhatCannotBeRaw(String normalized, String expected) {
        assertThat(RoutingPath.toRequestTarget(normalized)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/foo%20bar", "/caf%C3%A9", "/a%2Fb", "/a%7Bb%7D", "/x/../y%3Fz", "/%E2%82%AC"})
    void normalizingTheForwardedTargetAgainChangesNothing(String raw) throws Exception {
        String path = RoutingPath.normalize(raw);
        String forwarded = RoutingPath.toRequestTarget(path);
        assertThat(RoutingPath.normalize(forwarded)).isEqualTo(path);
        assertThat(RoutingPath.toRequestTarget(RoutingPath.normalize(forwarded))).isEqualTo(forwarded);
    }
}
