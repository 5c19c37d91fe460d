package io.gatehouse.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatehouse.core.middleware.Middleware;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.RawHttp;
import io.gatehouse.middleware.testing.MiddlewareConfigs;
import io.gatehouse.middleware.testing.ProxiedMiddleware;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed htdigest lists and tampered Digest credentials against digestAuth, from the docs only. */
@Timeout(60)
class DigestAuthAdversarialTest {

    private static final String PATH = "http.middlewares.m.digestAuth";

    @TempDir
    Path dir;

    static String md5(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String line(String user, String realm, String password) {
        return user + ":" + realm + ":" + md5(user + ":" + realm + ":" + password);
    }

    private static Middleware build(String options) throws Exception {
        return MiddlewareConfigs.build(MiddlewareConfigs.yaml("digestAuth", options), "m");
    }

    private static String param(String challenge, String name) {
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
        assertThat(m.find()).as(name + " in " + challenge).isTrue();
        return m.group(1);
    }

    record Challenge(String nonce, String opaque) {
    }

    private static Challenge challenge(ProxiedMiddleware proxy) throws Exception {
        HttpResponse<String> response = proxy.get("/secret");
        assertThat(response.statusCode()).isEqualTo(401);
        String header = response.headers().firstValue("WWW-Authenticate").orElseThrow();
        return new Challenge(param(header, "nonce"), param(header, "opaque"));
    }

    private static String authorization(String user, String realm, String password, String method, String uri,
            String nonce, String opaque, String nc) {
        String cnonce = "0a4f113b";
        String ha1 = md5(user + ":" + realm + ":" + password);
        String ha2 = md5(method + ":" + uri);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\", opaque=\""
                + opaque + "\", algorithm=MD5";
    }

    @ParameterizedTest
    @ValueSource(strings = {"nocolons", "test:traefik", "test:traefik:abc", "test:traefik:zz688e031edb4be6a3797f3882655c05",
            "test:traefik:a2688e031edb4be6a3797f3882655c0", "test:traefik:a2688e031edb4be6a3797f3882655c055",
            "test:traefik:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/", ""})
    void malformedLinesAreErrors(String bad) {
        assertThat(MiddlewareConfigs.error("digestAuth",
                "users: [\"test:traefik:a2688e031edb4be6a3797f3882655c05\", \"" + bad + "\"]"))
                .contains(PATH + ".users");
    }

    @Test
    void emptyListsAndMissingFilesAreErrors() throws Exception {
        assertThat(MiddlewareConfigs.error("digestAuth", "users: []")).contains(PATH);
        assertThat(MiddlewareConfigs.error("digestAuth", "")).contains(PATH);
        assertThat(MiddlewareConfigs.error("digestAuth", "users: [~]")).contains(PATH + ".users");
        assertThat(MiddlewareConfigs.error("digestAuth", "usersFile: \"" + dir.resolve("missing") + "\""))
                .contains(PATH + ".usersFile");
        Path file = dir.resolve("digest");
        Files.writeString(file, "# c\n" + line("a", "traefik", "p") + "\na:traefik:nothex\n");
        assertThat(MiddlewareConfigs.error("digestAuth", "usersFile: \"" + file + "\""))
                .contains(PATH + ".usersFile").contains("line 3");
    }

    @Test
    void validDigestThenReplayIsRefused() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]\nheaderField: X-WebAuth-User"))) {
            Challenge c = challenge(proxy);
            String auth = authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000001");
            HttpResponse<String> ok = proxy.get("/secret", "Authorization", auth, "X-WebAuth-User", "root");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.fields(ok.body(), "x-webauth-user")).containsExactly("test");
            // the same nonce count again is a replay
            assertThat(proxy.get("/secret", "Authorization", auth).statusCode()).isEqualTo(401);
            // a smaller one too
            String older = authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000000");
            assertThat(proxy.get("/secret", "Authorization", older).statusCode()).isEqualTo(401);
            String next = authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000002");
            assertThat(proxy.get("/secret", "Authorization", next).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tamperedNonceIsRefused() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]"))) {
            Challenge c = challenge(proxy);
            String nonce = c.nonce();
            char last = nonce.charAt(nonce.length() - 1);
            String[] tampered = {nonce.substring(0, nonce.length() - 1) + (last == 'A' ? 'B' : 'A'), "", "x",
                    nonce + nonce, "A".repeat(nonce.length()), nonce.substring(1)};
            for (String bad : tampered) {
                String auth = authorization("test", "traefik", "pw", "GET", "/secret", bad, c.opaque(), "00000001");
                assertThat(proxy.get("/secret", "Authorization", auth).statusCode()).as(bad).isEqualTo(401);
            }
        }
    }

    @Test
    void wrongRealmWrongPasswordAndUriMismatchAreRefused() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]"))) {
            Challenge c = challenge(proxy);
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "other", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000001"))
                    .statusCode()).isEqualTo(401);
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "traefik", "wrong", "GET", "/secret", c.nonce(), c.opaque(), "00000002"))
                    .statusCode()).isEqualTo(401);
            // a digest computed for another resource
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "traefik", "pw", "GET", "/public", c.nonce(), c.opaque(), "00000003"))
                    .statusCode()).isEqualTo(401);
            assertThat(proxy.get("/admin", "Authorization",
                    authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000004"))
                    .statusCode()).isEqualTo(401);
            // a digest computed for another method
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "traefik", "pw", "POST", "/secret", c.nonce(), c.opaque(), "00000005"))
                    .statusCode()).isEqualTo(401);
        }
    }

    @Test
    void usersOfAnotherRealmCannotLogIn() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "users: [\"" + line("test", "traefik", "pw") + "\"]\nrealm: other"))) {
            Challenge c = challenge(proxy);
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000001"))
                    .statusCode()).isEqualTo(401);
            assertThat(proxy.get("/secret", "Authorization",
                    authorization("test", "other", "pw", "GET", "/secret", c.nonce(), c.opaque(), "00000002"))
                    .statusCode()).isEqualTo(401);
        }
    }

    @Test
    void garbageDigestHeadersGet401() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]"))) {
            String[] hostile = {"Digest", "Digest ", "Digest ,,,,====\"\"\"\"", "Digest username=\"test",
                    "Digest username=test, realm=traefik, nonce=, uri=/secret, response=",
                    "Digest username=\"test\", username=\"admin\"", "Digest " + "a=b, ".repeat(10_000),
                    "Digest username=\"t\u00e9st\", nc=zzzzzzzz", "Digest nc=ffffffffffffffffffffffff",
                    "Basic dGVzdDpwdw==", "Digest username=\"\\\"\\\\\\\"\""};
            for (String value : hostile) {
                HttpResponse<String> response = proxy.get("/secret", "Authorization", value);
                assertThat(response.statusCode()).as(value).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).as(value).startsWith("Digest ");
                assertThat(response.body()).doesNotContain("server: backend");
            }
        }
    }

    @Test
    void hugeNonceCountOverflowDoesNotAuthenticate() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]"))) {
            Challenge c = challenge(proxy);
            String auth = authorization("test", "traefik", "pw", "GET", "/secret", c.nonce(), c.opaque(),
                    "fffffffffffffffffffffff1");
            assertThat(proxy.get("/secret", "Authorization", auth).statusCode()).isIn(400, 401);
        }
    }

    @Test
    void oneMegabyteDigestHeaderIsRefusedCleanly() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line("test", "traefik", "pw") + "\"]"))) {
            RawHttp.Response response = proxy.rawGet("a", "/secret",
                    "Authorization: Digest username=\"" + "x".repeat(1024 * 1024) + "\"");
            assertThat(response.status()).isIn(400, 401, 413, 431);
            assertThat(response.body()).doesNotContain("server: backend");
            assertThat(proxy.get("/secret").statusCode()).isEqualTo(401);
        }
    }
}
