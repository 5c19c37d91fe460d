package io.gatehouse.middleware.auth;

import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Malformed user lists and hostile Authorization headers against basicAuth, from the docs only. */
@Timeout(60)
class BasicAuthAdversarialTest {

    private static final String PATH = "http.middlewares.m.basicAuth";
    /** Traefik's documented example: user test, password test. */
    private static final String TEST_APR1 = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";

    @TempDir
    Path dir;

    static String sha(String user, String password) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
        return user + ":{SHA}" + Base64.getEncoder().encodeToString(digest);
    }

    static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static Middleware build(String options) throws Exception {
        return MiddlewareConfigs.build(MiddlewareConfigs.yaml("basicAuth", options), "m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nocolon", "user:", "user:plaintextpassword", "user:$apr1$", "user:$2y$10$short",
            "user:{SHA}", "user:{SHA}!!!notbase64!!!", "user:$9$unknown$format", "user:{MD5}abc"})
    void malformedOrUnknownUserLinesAreErrors(String line) {
        String message = MiddlewareConfigs.error("basicAuth", "users: [\"" + TEST_APR1 + "\", \""
                + line + "\"]");
        assertThat(message).contains(PATH + ".users");
    }

    @Test
    void errorsNeverEchoTheHash() {
        String message = MiddlewareConfigs.error("basicAuth", "users: [\"alice:SuperSecretPlainText42\"]");
        assertThat(message).contains(PATH + ".users").doesNotContain("SuperSecretPlainText42");
    }

    @Test
    void emptyOrMissingUserListsAreErrors() {
        assertThat(MiddlewareConfigs.error("basicAuth", "users: []")).contains(PATH);
        assertThat(MiddlewareConfigs.error("basicAuth", "")).contains(PATH);
        assertThat(MiddlewareConfigs.error("basicAuth", "users: ~")).contains(PATH);
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [~]")).contains(PATH + ".users");
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [\"\"]")).contains(PATH + ".users");
    }

    @Test
    void missingUsersFileIsAnErrorNamingTheOption() {
        Path missing = dir.resolve("nope.htpasswd");
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"" + missing + "\""))
                .contains(PATH + ".usersFile");
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"" + dir + "\""))
                .contains(PATH + ".usersFile");
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"\"")).contains(PATH);
    }

    @Test
    void malformedUsersFileLineIsNamedByNumber() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# comment\n\n" + TEST_APR1 + "\nbroken line without colon\n");
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"" + file + "\""))
                .contains(PATH + ".usersFile").contains("line 4");
    }

    @Test
    void emptyUsersFileIsAnError() throws Exception {
        Path file = dir.resolve("empty");
        Files.writeString(file, "# only a comment\n\n");
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"" + file + "\"")).contains(PATH);
    }

    @Test
    void binaryUsersFileIsAnErrorNotACrash() throws Exception {
        Path file = dir.resolve("binary");
        byte[] junk = new byte[4096];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 31 + 7);
        }
        Files.write(file, junk);
        assertThat(MiddlewareConfigs.error("basicAuth", "usersFile: \"" + file + "\"")).contains(PATH + ".usersFile");
    }

    @Test
    void wrongOptionTypesAreErrors() {
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [\"" + TEST_APR1 + "\"]\nremoveHeader: maybe"))
                .contains(PATH + ".removeHeader");
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [\"" + TEST_APR1 + "\"]\nrealm: [a, b]"))
                .contains(PATH + ".realm");
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [\"" + TEST_APR1 + "\"]\nuser: [x]"))
                .contains("user");
    }

    @Test
    void headerFieldThatIsNotAHeaderNameIsAnError() {
        assertThat(MiddlewareConfigs.error("basicAuth", "users: [\"" + TEST_APR1 + "\"]\nheaderField: \"X Bad:Name\""))
                .contains(PATH).contains("headerField");
        assertThat(MiddlewareConfigs.error("basicAuth",
                "users: [\"" + TEST_APR1 + "\"]\nheaderField: \"X-User\\r\\nX-Admin\""))
                .contains(PATH).contains("headerField");
    }

    @Test
    void realmWithLineBreaksCannotInjectHeaders() throws Exception {
        Middleware middleware;
        try {
            middleware = build("users: [\"" + TEST_APR1 + "\"]\nrealm: \"x\\r\\nX-Injected: yes\"");
        } catch (io.gatehouse.core.config.ConfigException e) {
            assertThat(e.getMessage()).contains(PATH).contains("realm");
            return;
        }
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(middleware)) {
            RawHttp.Response response = proxy.rawGet("a", "/");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.header("X-Injected")).isNull();
        }
    }

    @Test
    void hostileAuthorizationHeadersGet401WithChallenge() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + TEST_APR1 + "\"]"))) {
            String[] hostile = {"Basic", "Basic ", "Basic !!!!", "Basic dGVzdA", "Basic " + "=".repeat(100),
                    basic("test"), basic(":test"), basic("test:"), basic("test:test\u0000"), basic("test:testx"),
                    basic("TEST:test"), "Bearer " + basic("test:test").substring(6), "Digest username=\"test\"",
                    basic("test:test") + "x", "Basic  " + basic("test:test").substring(6) + " junk",
                    basic("t\u00e9st:t\u00e9st"), "Basic " + Base64.getEncoder().encodeToString(new byte[] {-1, -2, ':', -3})};
            for (String value : hostile) {
                HttpResponse<String> response = proxy.get("/", "Authorization", value);
                assertThat(response.statusCode()).as(value).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).as(value)
                        .hasValue("Basic realm=\"traefik\"");
                assertThat(response.body()).as(value).doesNotContain("server: backend");
            }
            assertThat(proxy.get("/", "Authorization", basic("test:test")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void passwordContainingColonsIsSplitAtTheFirstColon() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + sha("bob", "a:b:c") + "\"]"))) {
            assertThat(proxy.get("/", "Authorization", basic("bob:a:b:c")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("bob:a")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void emptyPasswordWorksOnlyWithTheEmptyPassword() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + sha("empty", "") + "\"]"))) {
            assertThat(proxy.get("/", "Authorization", basic("empty:")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("empty")).statusCode()).isEqualTo(401);
            assertThat(proxy.get("/", "Authorization", basic("empty: ")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void unicodeUserNamesAndPasswords() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + sha("j\u00f6rg", "p\u00e4ss\u2603") + "\"]"))) {
            assertThat(proxy.get("/", "Authorization", basic("j\u00f6rg:p\u00e4ss\u2603")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("jorg:pass\u2603")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void oneMegabyteAuthorizationHeaderIsRefusedCleanly() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + TEST_APR1 + "\"]"))) {
            String huge = "Basic " + "QUFB".repeat(256 * 1024);
            RawHttp.Response response = proxy.rawGet("a", "/", "Authorization: " + huge);
            assertThat(response.status()).isIn(400, 401, 413, 431);
            assertThat(response.body()).doesNotContain("server: backend");
            // still serving afterwards
            assertThat(proxy.get("/", "Authorization", basic("test:test")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void clientSentHeaderFieldIsReplacedAndAuthorizationRemoved() throws Exception {
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(
                build("users: [\"" + TEST_APR1 + "\"]\nheaderField: X-WebAuth-User\nremoveHeader: true"))) {
            HttpResponse<String> response = proxy.get("/", "Authorization", basic("test:test"),
                    "X-WebAuth-User", "admin");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.fields(response.body(), "x-webauth-user")).containsExactly("test");
            assertThat(EchoHandler.field(response.body(), "authorization")).isNull();
        }
    }

    @Test
    void inlineUsersWinOverTheFileForTheSameName() throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, sha("dup", "fromfile") + "\n");
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build(
                "usersFile: \"" + file + "\"\nusers: [\"" + sha("dup", "inline") + "\"]"))) {
            assertThat(proxy.get("/", "Authorization", basic("dup:inline")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("dup:fromfile")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void largeUsersFileWithMixedHashes() throws Exception {
        Path file = dir.resolve("big");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add(sha("user" + i, "pw" + i));
            if (i % 1000 == 0) {
                lines.add("# comment " + i);
                lines.add("");
            }
        }
        lines.add("bc:" + BCrypt.withDefaults().hashToString(4, "bcpw".toCharArray()));
        Files.write(file, lines);
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("usersFile: \"" + file + "\""))) {
            assertThat(proxy.get("/", "Authorization", basic("user19999:pw19999")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("user19999:pw1")).statusCode()).isEqualTo(401);
            assertThat(proxy.get("/", "Authorization", basic("bc:bcpw")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("bc:bcpw")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("bc:wrong")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void floodOfMixedBcryptCredentialsGetsTheRightAnswerEach() throws Exception {
        String line = "bc:" + BCrypt.withDefaults().hashToString(4, "right".toCharArray());
        try (ProxiedMiddleware proxy = ProxiedMiddleware.start(build("users: [\"" + line + "\"]"))) {
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String credentials = i % 2 == 0 ? "bc:right" : "bc:wrong" + i;
                answers.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + proxy.port() + "/" + i))
                        .header("Authorization", basic(credentials)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).get().statusCode()).as("request %d", i).isEqualTo(i % 2 == 0 ? 200 : 401);
            }
        }
    }
}
