package io.gatehouse.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Path-bypass tricks against {@link RoutingPath#normalize}, from docs/routing.md ("The routing path") and the
 * class javadoc only. Refusals must be the checked {@link InvalidRequestPathException}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RoutingPathAdversarialTest {

    static String normalized(String raw) {
        try {
            return RoutingPath.normalize(raw);
        } catch (InvalidRequestPathException e) {
            throw new AssertionError("expected " + show(raw) + " to be accepted, got: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            throw new AssertionError("unchecked throwable for " + show(raw) + ": " + e, e);
        }
    }

    static void refused(String raw) {
        Throwable thrown = catchThrowable(() -> RoutingPath.normalize(raw));
        if (thrown == null) {
            throw new AssertionError("expected " + show(raw) + " to be refused, normalized to "
                    + show(normalized(raw)));
        }
        if (!(thrown instanceof InvalidRequestPathException)) {
            throw new AssertionError("unchecked throwable for " + show(raw) + ": " + thrown, thrown);
        }
        assertThat(thrown.getMessage()).isNotBlank();
        assertThat(thrown.getMessage().length()).as("message length").isLessThan(2_000);
    }

    static String show(String s) {
        StringBuilder out = new StringBuilder("<");
        int limit = Math.min(s.length(), 150);
        for (int i = 0; i < limit; i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append(s.length() > limit ? "...(" + s.length() + " chars)>" : ">").toString();
    }

    // ------------------------------------------------------------ documented table

    static Stream<Arguments> documented() {
        return Stream.of(
                Arguments.of("/admin/x", "/admin/x", "/admin/x"),
                Arguments.of("/public/../admin", "/admin", "/admin"),
                Arguments.of("/%2e%2e/admin", "/admin", "/admin"),
                Arguments.of("/%2E%2E/admin", "/admin", "/admin"),
                Arguments.of("/public/.%2e/admin", "/admin", "/admin"),
                Arguments.of("//admin", "/admin", "/admin"),
                Arguments.of("///admin//x", "/admin/x", "/admin/x"),
                Arguments.of("/admin/./x", "/admin/x", "/admin/x"),
                Arguments.of("/../x", "/x", "/x"),
                Arguments.of("/../../x", "/x", "/x"),
                Arguments.of("/a/b/..", "/a/", "/a/"),
                Arguments.of("/%61dmin", "/admin", "/admin"),
                Arguments.of("/%252e%252e/admin", "/%252e%252e/admin", "/%252e%252e/admin"),
                Arguments.of("/public%2f..%2fadmin", "/public%2F..%2Fadmin", "/public%2F..%2Fadmin"),
                Arguments.of("/a%3fb", "/a%3Fb", "/a%3Fb"),
                Arguments.of("/foo%20bar", "/foo bar", "/foo%20bar"),
                Arguments.of("/caf%c3%a9", "/café", "/caf%C3%A9"),
                Arguments.of("/api;v=1/x", "/api;v=1/x", "/api;v=1/x"),
                Arguments.of("*", "*", "*"),
                Arguments.of("", "/", "/"));
    }

    @ParameterizedTest
    @MethodSource("documented")
    void documentedExamplesNormalizeAndForwardAsDocumented(String raw, String matched, String forwarded) {
        assertThat(normalized(raw)).isEqualTo(matched);
        assertThat(RoutingPath.toRequestTarget(matched)).isEqualTo(forwarded);
    }

    @Test
    void nullIsTheRoot() {
        assertThat(normalized(null)).isEqualTo("/");
    }

    // ------------------------------------------------------------ dot segments, every spelling

    @ParameterizedTest
    @ValueSource(strings = {"/public/../admin", "/public/%2e%2e/admin", "/public/%2E%2e/admin", "/public/%2e./admin",
            "/public/.%2E/admin", "/public/%2e%2E/admin", "/%2e/admin", "/./admin", "/%2E/admin", "/public/./../admin",
            "/public/x/../../admin", "/public/%2e%2e/%2e%2e/admin", "//public//..//admin", "/public/../../../admin",
            "/public/..//admin", "/public//../admin", "/%2fadmin/../admin", "/a/b/c/%2e%2e/%2e%2e/%2e%2e/admin",
            "/%61%64%6d%69%6e", "/%41dmin/../admin", "/public/%2e%2e/./admin/", "/admin/x/..", "/admin/.",
            "/admin/%2e", "/admin/x/%2e%2e"})
    void everySpellingOfAdminIsMatchedAsAdmin(String raw) {
        String path = normalized(raw);
        assertThat(path).as("normalize(%s)", raw).startsWith("/admin");
        assertThat(RoutingPath.toRequestTarget(path)).startsWith("/admin");
    }

    @Test
    void hundredThousandDotDotSegmentsStayAtTheRoot() {
        assertThat(normalized("/" + "../".repeat(100_000) + "admin")).isEqualTo("/admin");
        assertThat(normalized("/" + "%2e%2e/".repeat(100_000) + "admin")).isEqualTo("/admin");
        assertThat(normalized("/public" + "/x/..".repeat(100_000) + "/../admin")).isEqualTo("/admin");
        assertThat(normalized("/" + "./".repeat(100_000) + "admin")).isEqualTo("/admin");
        assertThat(normalized("/" + "/".repeat(100_000) + "admin")).isEqualTo("/admin");
    }

    @Test
    void megabytePathIsNormalized() {
        String segment = "/" + "a".repeat(1 << 20);
        assertThat(normalized(segment)).isEqualTo(segment);
        String manySegments = "/a".repeat(1 << 19);
        assertThat(normalized(manySegments)).isEqualTo(manySegments);
        assertThat(normalized("/admin" + "%41".repeat(1 << 18))).isEqualTo("/admin" + "A".repeat(1 << 18));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/.../admin", "/public/.../admin", "/..a/admin", "/a../admin", "/.a/admin", "/ ../admin"})
    void thingsThatOnlyLookLikeDotSegmentsAreNotResolved(String raw) {
        if (raw.contains(" ")) {
            refused(raw); // raw space
            return;
        }
        assertThat(normalized(raw)).doesNotStartWith("/admin");
    }

    // ------------------------------------------------------------ refusals documented in routing.md / javadoc

    @ParameterizedTest
    @ValueSource(strings = {
            "/public\\..\\admin", "/public\\admin", "\\admin", "/a#/../admin", "/a#b", "/public?/../admin", "/a?b",
            "/%zz", "/admin%2", "/admin%", "/%", "/%%", "/%u002e%u002e/admin", "/%g0", "/%0",
            "/a\u0000b", "/a\u0001", "/a\tb", "/a\nb", "/a\rb", "/a b", "/a\u007fb", "/caf\u00e9", "/\u2024\u2024/admin",
            "/a%00b", "/admin%00", "/%00/../admin", "/a%0d%0aX-Injected:%20y", "/a%0D%0A", "/%01", "/%1f", "/%1F", "/%7f",
            "/%7F", "/%09", "/public%5C..%5Cadmin", "/public%5c..%5cadmin", "/%5c", "/%5C",
            "/%C0%AE%C0%AE/admin", "/%c0%ae%c0%ae/admin", "/public/%C0%AE%C0%AE/admin", "/%C0%AF", "/%C1%9C",
            "/%E0%80%AE%E0%80%AE/admin", "/%F0%80%80%AE", "/%FF", "/%E9t%E9", "/%C3", "/%C3/", "/%C3%28",
            "/%ED%A0%80", "/%ED%BF%BF", "/%F4%90%80%80", "/%F8%88%80%80%80", "/%FE", "/%80", "/%C2",
            "/public/..;/admin", "/public/.;x/a", "/public/..%3B/admin", "/public/..%3b/admin", "/public/%2e%2e;/admin",
            "/public/%2E%2E%3Bx/admin", "/public/.%3B/admin", "/public/..;", "/..;/admin", "/.;/admin",
            "host:443", "example.com:443"})
    void hostileTargetsAreRefused(String raw) {
        refused(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/;/admin", "/;x/admin", "/;x=1/admin", "//;/admin"})
    void emptySegmentsWithParametersAreNotASecondSpellingOfAdmin(String raw) {
        // Tomcat strips ";params" from every segment, then collapses "//": "/;x/admin" is "/admin" to it.
        // routing.md: "Anything a backend could read differently from the router is refused instead of guessed
        // at" and "a dot segment with parameters: Tomcat and Jetty read it as .." - it is silent on an EMPTY
        // segment with parameters. Accept either a refusal or routing on /admin; never a non-admin path.
        Throwable thrown = catchThrowable(() -> RoutingPath.normalize(raw));
        if (thrown == null) {
            assertThat(normalized(raw)).as("normalize(%s)", raw).startsWith("/admin");
        } else {
            assertThat(thrown).isInstanceOf(InvalidRequestPathException.class);
        }
    }

    // ------------------------------------------------------------ unicode look-alikes are not dots or slashes

    @ParameterizedTest
    @ValueSource(strings = {"/%EF%BC%8E%EF%BC%8E/admin", "/public%EF%BC%8F..%EF%BC%8Fadmin", "/%E2%80%A4%E2%80%A4/admin",
            "/%C2%AE%C2%AE/admin", "/%E2%88%95admin"})
    void unicodeLookAlikesAreDecodedButNeverResolved(String raw) {
        String path = normalized(raw);
        assertThat(path).doesNotStartWith("/admin");
        // one-to-one: the forwarded form is the same bytes, re-escaped; a backend sees the same path
        String forwarded = RoutingPath.toRequestTarget(path);
        assertThat(forwarded).isEqualToIgnoringCase(raw);
        assertThat(normalized(forwarded)).isEqualTo(path);
    }

    @Test
    void fullWidthLettersAreNotFolded() {
        assertThat(normalized("/%EF%BD%81dmin")).isEqualTo("/\uff41dmin");
    }

    // ------------------------------------------------------------ forwarding is one-to-one

    @ParameterizedTest
    @ValueSource(strings = {"/a%20b", "/%22%3C%3E%5E%60%7B%7C%7D", "/%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%25",
            "/%2f%3f%23%5b%5d%40%21%24%26%27%28%29%2a%2b%2c%3b%3d%25", "/caf%C3%A9/%F0%9F%98%80", "/a/../b/./c//d/",
            "/%2e%2e/%2e/x", "/~user/%7euser", "/a:b@c!$&'()*+,;=", "/%25%32%65", "/%252e"})
    void normalizingTheForwardedTargetGivesTheSamePath(String raw) {
        String path = normalized(raw);
        String forwarded = RoutingPath.toRequestTarget(path);
        assertThat(normalized(forwarded)).isEqualTo(path);
        assertThat(RoutingPath.toRequestTarget(normalized(forwarded))).isEqualTo(forwarded);
        for (char c : forwarded.toCharArray()) {
            assertThat(c > 0x20 && c < 0x7f && "\"<>\\^`{|} #?".indexOf(c) < 0)
                    .as("char %s in forwarded %s", (int) c, forwarded).isTrue();
        }
    }

    @Test
    void keptReservedEscapesAreUpperCasedAndPercentIsNeverDecoded() {
        assertThat(normalized("/%25%32%65%25%32%65/admin")).isEqualTo("/%252e%252e/admin");
        assertThat(normalized("/%2f")).isEqualTo("/%2F");
    }
}
