package io.gatehouse.middleware.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.core.testing.TestServer;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(60)
class BasicAuthTest {

    // From Traefik's documentation: test/test and test2/test2 (apr1).
    static final String TEST_APR1 = "test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/";
    static final String TEST2_APR1 = "test2:$apr1$d9hr9HBB$4HxwgUir3HP4EsggP/QNo0";

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static String bcrypt(String version, String password) {
        BCrypt.Version v = switch (version) {
            case "2a" -> BCrypt.Version.VERSION_2A;
            case "2b" -> BCrypt.Version.VERSION_2B;
            default -> BCrypt.Version.VERSION_2Y;
        };
        return BCrypt.with(v).hashToString(4, password.toCharArray());
    }

    @Test
    void md5CryptMatchesOpenssl() {
        // openssl passwd -apr1 -salt xyzsalt1 'p@ss:w0rd' ; openssl passwd -1 -salt abc secret
        assertThat(Md5Crypt.crypt("p@ss:w0rd".getBytes(StandardCharsets.UTF_8), "xyzsalt1".getBytes(StandardCharsets.UTF_8), "$apr1$"))
                .isEqualTo("$apr1$xyzsalt1$RqxzENsnQcrCoz4XkjW9K.");
        assertThat(Md5Crypt.crypt("secret".getBytes(StandardCharsets.UTF_8), "abc".getBytes(StandardCharsets.UTF_8), "$1$"))
                .isEqualTo("$1$abc$iCQ2D3nhptRYi27fDYv2s1");
    }

    @Test
    void everyHtpasswdFormatAuthenticates() throws Exception {
        String sha = "{SHA}" + Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-1").digest("shapass".getBytes(StandardCharsets.UTF_8)));
        BasicAuth auth = BasicAuth.of(TEST_APR1, "y:" + bcrypt("2y", "ypass"), "a:" + bcrypt("2a", "apass"),
                "b:" + bcrypt("2b", "bpass"), "s:" + sha, "m:$1$abc$iCQ2D3nhptRYi27fDYv2s1");
        try (ProxyFixture proxy = ProxyFixture.start(auth, false)) {
            for (String[] ok : new String[][] {{"test", "test"}, {"y", "ypass"}, {"a", "apass"}, {"b", "bpass"},
                    {"s", "shapass"}, {"m", "secret"}}) {
                assertThat(proxy.get("/", "Authorization", basic(ok[0], ok[1])).statusCode()).as(ok[0]).isEqualTo(200);
                assertThat(proxy.get("/", "Authorization", basic(ok[0], ok[1] + "x")).statusCode()).as(ok[0]).isEqualTo(401);
            }
        }
    }

    @Test
    void challengesAsTraefikDoes() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start(new BasicAuth(BasicAuthConfig.users(TEST_APR1).withRealm("my realm"), "m"), false)) {
            for (String[] headers : new String[][] {{}, {"Authorization", "Bearer x"}, {"Authorization", "Basic !!!"},
                    {"Authorization", basic("nobody", "test")}, {"Authorization", "Basic " + Base64.getEncoder().encodeToString("nocolon".getBytes())}}) {
                HttpResponse<String> response = proxy.get("/", headers);
                assertThat(response.statusCode()).isEqualTo(401);
                assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"my realm\"");
                assertThat(response.body()).isEqualTo("401 Unauthorized\n");
            }
            assertThat(proxy.get("/", "Authorization", "basic " + basic("test", "test").substring(6)).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void headerFieldAndRemoveHeader() throws Exception {
        BasicAuthConfig keep = BasicAuthConfig.users(TEST_APR1).withHeaderField("X-WebAuth-User");
        try (ProxyFixture proxy = ProxyFixture.start(new BasicAuth(keep, "m"), false)) {
            String body = proxy.get("/", "Authorization", basic("test", "test"), "X-WebAuth-User", "forged").body();
            assertThat(EchoHandler.fields(body, "x-webauth-user")).containsExactly("test");
            assertThat(EchoHandler.field(body, "authorization")).isNotNull();
        }
        try (ProxyFixture proxy = ProxyFixture.start(new BasicAuth(keep.withRemoveHeader(true), "m"), false)) {
            String body = proxy.get("/", "Authorization", basic("test", "test")).body();
            assertThat(EchoHandler.field(body, "authorization")).isNull();
        }
    }

    @Test
    void bcryptRunsOnAWorkerOnceThenComesFromTheCache() throws Exception {
        BasicAuth auth = BasicAuth.of("u:" + bcrypt("2y", "pw"));
        List<String> threads = new ArrayList<>();
        try (TestServer server = TestServer.http(auth.wrap(exchange -> {
            synchronized (threads) {
                threads.add(exchange.isInIoThread() ? "io" : "worker");
            }
            exchange.getResponseSender().send("ok");
        }))) {
            HttpClient client = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.url() + "/")).header("Authorization", basic("u", "pw")).build();
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            HttpRequest wrong = HttpRequest.newBuilder(URI.create(server.url() + "/")).header("Authorization", basic("u", "bad")).build();
            assertThat(client.send(wrong, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }
        assertThat(threads).containsExactly("worker", "io");
        assertThat(auth.cachedCredentials()).isEqualTo(1);
    }

    @Test
    void verifiedCredentialsAreBounded() {
        VerifiedCredentials cache = new VerifiedCredentials(3);
        for (int i = 0; i < 10; i++) {
            cache.add(cache.key(("u:" + i).getBytes(StandardCharsets.UTF_8)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.contains(cache.key("u:9".getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(cache.contains(cache.key("u:8x".getBytes(StandardCharsets.UTF_8)))).isFalse();
    }

    @Test
    void usersFileLinesAndInlineUsersMerge(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("users");
        Files.writeString(file, "# comment\n\n  " + TEST_APR1 + "  \ntest2:{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
        BasicAuth auth = new BasicAuth(new BasicAuthConfig(List.of(TEST2_APR1), file.toString(), null, false, null), "m");
        try (ProxyFixture proxy = ProxyFixture.start(auth, false)) {
            assertThat(proxy.get("/", "Authorization", basic("test", "test")).statusCode()).isEqualTo(200);
            assertThat(proxy.get("/", "Authorization", basic("test2", "test2")).statusCode()).as("inline wins").isEqualTo(200);
        }
    }

    @Test
    void badUsersAreClearErrors(@TempDir Path dir) throws Exception {
        assertThat(error("users: [\"alice\"]")).contains("http.middlewares.m.basicAuth.users[0]").contains("name:hash");
        assertThat(error("users: [\"alice:plain\"]")).contains("users[0]").contains("unknown password hash format")
                .doesNotContain("plain'");
        assertThat(error("users: [\"" + TEST_APR1 + "\", \"bob:$2y$10$short\"]")).contains("users[1]").contains("bcrypt");
        assertThat(error("users: [\"bob:$apr1$toolongsalt$x\"]")).contains("users[0]").contains("MD5");
        assertThat(error("users: [\"bob:{SHA}notbase64!\"]")).contains("SHA-1");
        assertThat(error("users: [\"a:b:c\"]")).contains("users[0]");
        assertThat(error("users: [\":$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/\"]")).contains("users[0]");
        assertThat(error("users: []")).contains("no users");
        assertThat(error("realm: 'a\"b'\n        users: [\"" + TEST_APR1 + "\"]")).contains("realm");
        assertThat(error("headerField: 'X Bad'\n        users: [\"" + TEST_APR1 + "\"]")).contains("headerField");
        assertThat(error("usersFile: " + dir.resolve("missing"))).contains("http.middlewares.m.basicAuth.usersFile")
                .contains("no such file");
        assertThat(error("usersFile: " + dir)).contains("usersFile").contains("cannot read");
        Path file = dir.resolve("users");
        Files.writeString(file, TEST_APR1 + "\n# c\nbroken line\nbob:cleartext\n");
        assertThat(error("usersFile: " + file)).contains("usersFile").contains("line 3 of").contains("line 4 of")
                .contains("unknown password hash format").doesNotContain("cleartext");
        assertThat(error("usrs: [\"x\"]")).contains("usrs");
    }

    static String error(String options) {
        return Middlewares.error("""
                http:
                  middlewares:
                    m:
                      basicAuth:
                        %s
                """.formatted(options), "m");
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/basicauth.md");
        assertThat(page.showsJava("BasicAuth.of(\"test:$apr1$H6uskkkW$IgXLP6ewTrSuBkTrqE8wj/\")")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            try (ProxyFixture proxy = ProxyFixture.start(Middlewares.build(config, "auth", MiddlewareContext.named("auth")), false)) {
                HttpResponse<String> response = proxy.get("/", "Authorization", basic("test2", "test2"));
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(response.body(), "x-webauth-user")).isEqualTo("test2");
                assertThat(EchoHandler.field(response.body(), "authorization")).isNull();
                assertThat(proxy.get("/").headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"MyRealm\"");
            }
        }
    }

    @Test
    void codeFactoryReportsBadUsers() {
        assertThatThrownBy(() -> BasicAuth.of("nope")).hasMessageContaining("basicAuth.users[0]");
    }
}
