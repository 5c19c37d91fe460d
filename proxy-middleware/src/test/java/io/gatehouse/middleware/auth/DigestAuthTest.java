package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareContext;
import io.gatehouse.core.testing.EchoHandler;
import io.gatehouse.middleware.testing.DocExamples;
import io.gatehouse.middleware.testing.Middlewares;
import io.gatehouse.middleware.testing.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class DigestAuthTest {

    static String htdigest(String user, String realm, String password) {
        return user + ":" + realm + ":" + DigestNonces.md5Hex(user + ":" + realm + ":" + password);
    }

    /** A client's Authorization header answering {@code challenge}, as RFC 2617 computes it. */
    static String answer(String challenge, String user, String password, String method, String uri, String nc) {
        Map<String, String> c = DigestParams.parse(challenge);
        String ha1 = DigestNonces.md5Hex(user + ":" + c.get("realm") + ":" + password);
        String ha2 = DigestNonces.md5Hex(method + ":" + uri);
        String cnonce = "0a4f113b";
        String response = DigestNonces.md5Hex(ha1 + ":" + c.get("nonce") + ":" + nc + ":" + cnonce + ":auth:" + ha2);
        return "Digest username=\"" + user + "\", realm=\"" + c.get("realm") + "\", nonce=\"" + c.get("nonce") + "\", uri=\""
                + uri + "\", qop=auth, nc=" + nc + ", cnonce=\"" + cnonce + "\", response=\"" + response + "\", opaque=\""
                + c.get("opaque") + "\", algorithm=MD5";
    }

    @Test
    void challengeThenAuthenticatedRequest() throws Exception {
        DigestAuth auth = new DigestAuth(DigestAuthConfig.users(htdigest("test", "traefik", "secret"),
                htdigest("other", "elsewhere", "secret")).withHeaderField("X-User"), "m");
        try (ProxyFixture proxy = ProxyFixture.start(auth, false)) {
            HttpResponse<String> first = proxy.get("/a/b?x=1");
            assertThat(first.statusCode()).isEqualTo(401);
            assertThat(first.body()).isEqualTo("401 Unauthorized\n");
            String challenge = first.headers().firstValue("WWW-Authenticate").orElseThrow();
            assertThat(challenge).startsWith("Digest realm=\"traefik\"").contains("qop=\"auth\"").contains("algorithm=MD5");

            HttpResponse<String> ok = proxy.get("/a/b?x=1", "Authorization", answer(challenge, "test", "secret", "GET", "/a/b?x=1", "00000001"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(ok.body(), "x-user")).isEqualTo("test");
            assertThat(EchoHandler.field(ok.body(), "authorization")).isNotNull();

            // Replay of the same nonce count: refused. Next count: accepted.
            assertThat(proxy.get("/a/b?x=1", "Authorization", answer(challenge, "test", "secret", "GET", "/a/b?x=1", "00000001"))
                    .statusCode()).isEqualTo(401);
            assertThat(proxy.get("/a/b?x=1", "Authorization", answer(challenge, "test", "secret", "GET", "/a/b?x=1", "00000002"))
                    .statusCode()).isEqualTo(200);
            // Wrong password, other URI, user of another realm, forged nonce: refused.
            assertThat(proxy.get("/a/b", "Authorization", answer(challenge, "test", "nope", "GET", "/a/b", "00000003")).statusCode()).isEqualTo(401);
            assertThat(proxy.get("/z", "Authorization", answer(challenge, "test", "secret", "GET", "/a/b", "00000004")).statusCode()).isEqualTo(401);
            assertThat(proxy.get("/a", "Authorization", answer(challenge, "other", "secret", "GET", "/a", "00000005")).statusCode()).isEqualTo(401);
            String forged = challenge.replaceFirst("nonce=\"[^\"]+\"", "nonce=\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"");
            assertThat(proxy.get("/a", "Authorization", answer(forged, "test", "secret", "GET", "/a", "00000001")).statusCode()).isEqualTo(401);
            for (String junk : new String[] {"Digest", "Digest username=\"test", "Digest a=b, a=c", "Basic dGVzdDp0ZXN0"}) {
                assertThat(proxy.get("/a", "Authorization", junk).statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void removeHeader() throws Exception {
        DigestAuth auth = new DigestAuth(DigestAuthConfig.users(htdigest("test", "r", "secret")).withRealm("r").withRemoveHeader(true), "m");
        try (ProxyFixture proxy = ProxyFixture.start(auth, false)) {
            String challenge = proxy.get("/").headers().firstValue("WWW-Authenticate").orElseThrow();
            HttpResponse<String> ok = proxy.get("/", "Authorization", answer(challenge, "test", "secret", "GET", "/", "00000001"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(EchoHandler.field(ok.body(), "authorization")).isNull();
        }
    }

    @Test
    void badUsersAreClearErrors() {
        assertThat(error("users: [\"test:traefik\"]")).contains("http.middlewares.m.digestAuth.users[0]").contains("name:realm:hash");
        assertThat(error("users: [\"test:traefik:xyz\"]")).contains("users[0]").contains("32 hex");
        assertThat(error("users: []")).contains("no users");
        assertThat(error("usersFile: /nonexistent/users")).contains("digestAuth.usersFile").contains("no such file");
        assertThat(error("realm: 'a:b'\n        users: [\"" + htdigest("a", "b", "c") + "\"]")).contains("realm");
    }

    static String error(String options) {
        return Middlewares.error("""
                http:
                  middlewares:
                    m:
                      digestAuth:
                        %s
                """.formatted(options), "m");
    }

    @Test
    void docsExamplesDecodeAndBehave() throws Exception {
        DocExamples page = DocExamples.of("middlewares/digestauth.md");
        assertThat(page.showsJava("DigestAuth.of(\"test:traefik:a2688e031edb4be6a3797f3882655c05\")")).isTrue();
        List<DynamicConfig> configs = new ArrayList<>(page.fileConfigs());
        configs.addAll(page.labelConfigs());
        assertThat(configs).hasSize(2);
        for (DynamicConfig config : configs) {
            try (ProxyFixture proxy = ProxyFixture.start(Middlewares.build(config, "auth", MiddlewareContext.named("auth")), false)) {
                String challenge = proxy.get("/").headers().firstValue("WWW-Authenticate").orElseThrow();
                HttpResponse<String> ok = proxy.get("/", "Authorization", answer(challenge, "test", "test", "GET", "/", "00000001"));
                assertThat(ok.statusCode()).isEqualTo(200);
                assertThat(EchoHandler.field(ok.body(), "x-webauth-user")).isEqualTo("test");
            }
        }
    }
}
