package io.gatehouse.core.service.sticky;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.CookieConfig;
import io.gatehouse.core.service.Server;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StickyCookieTest {

    static final String PATH = "http.services.web.loadBalancer.sticky.cookie";
    static final List<Server> SERVERS = List.of(Server.unconnected("http://10.0.0.5:8080", 1, 0),
            Server.unconnected("http://10.0.0.6:8080", 1, 1));

    static StickyCookie create(CookieConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        StickyCookie cookie = StickyCookie.create("web@file", config, SERVERS, PATH, errors);
        assertThat(errors).isEmpty();
        return cookie;
    }

    static List<ConfigError> errors(CookieConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        assertThat(StickyCookie.create("web@file", config, SERVERS, PATH, errors)).isNull();
        return errors;
    }

    static HttpServerExchange requestWithCookie(String header) {
        HttpServerExchange exchange = new HttpServerExchange(null);
        exchange.getRequestHeaders().put(Headers.COOKIE, header);
        return exchange;
    }

    @Test
    void defaultNameIsTraefiks() {
        // "_" + the first 5 hex characters of SHA-1("_TRAEFIK_BACKEND_" + service), computed independently
        assertThat(StickyCookie.defaultName("test")).isEqualTo("_6f743");
        assertThat(StickyCookie.defaultName("web@file")).isEqualTo("_7052b");
        assertThat(create(CookieConfig.DEFAULTS).name()).isEqualTo("_7052b");
    }

    @Test
    void valueIsTraefiksHashOfTheUrlNeverTheAddress() {
        // the first 16 hex characters of SHA-256("http://10.0.0.5:8080"), computed independently
        assertThat(StickyCookie.hash("http://10.0.0.5:8080")).isEqualTo("dfd9418dff537f2a");
        String header = create(CookieConfig.DEFAULTS).setCookie(SERVERS.get(0));
        assertThat(header).isEqualTo("_7052b=dfd9418dff537f2a; Path=/").doesNotContain("10.0.0.5");
    }

    @Test
    void everyAttributeAsGoWritesThem() {
        CookieConfig config = new CookieConfig("session", true, true, "lax", 3600, "/app", ".example.com");
        assertThat(create(config).setCookie(SERVERS.get(1))).isEqualTo("session=" + StickyCookie.hash("http://10.0.0.6:8080")
                + "; Path=/app; Domain=example.com; Max-Age=3600; HttpOnly; Secure; SameSite=Lax");
        assertThat(create(new CookieConfig("s", false, false, "NONE", -1, "", null)).setCookie(SERVERS.get(0)))
                .isEqualTo("s=" + StickyCookie.hash("http://10.0.0.5:8080") + "; Max-Age=0; SameSite=None");
        assertThat(create(new CookieConfig("s", false, false, "Strict", 0, "/", null)).setCookie(SERVERS.get(0)))
                .endsWith("; Path=/; SameSite=Strict");
    }

    @Test
    void namesAreSanitizedAsTraefikDoes() {
        assertThat(create(new CookieConfig("my cookie;x=é", false, false, null, 0, null, null)).name())
                .isEqualTo("my_cookie_x__");
        assertThat(create(new CookieConfig("", false, false, null, 0, null, null)).name()).isEqualTo("_7052b");
    }

    @Test
    void findsTheServerByItsHash() {
        StickyCookie cookie = create(CookieConfig.DEFAULTS);
        StickyCookie.Lookup lookup = cookie.lookup(requestWithCookie("other=1; _7052b=" + StickyCookie.hash("http://10.0.0.6:8080")));
        assertThat(lookup.server()).isSameAs(SERVERS.get(1));
        assertThat(lookup.rewrite()).isFalse();
    }

    @Test
    void oldTraefikValuesStillWorkAndAreRewritten() {
        StickyCookie cookie = create(CookieConfig.DEFAULTS);
        String fnv = "6766d376ca2c4b33"; // Go's fnv.New64 of http://10.0.0.5:8080, computed independently
        assertThat(StickyCookie.fnv64("http://10.0.0.5:8080")).isEqualTo(fnv);
        for (String old : List.of("http://10.0.0.5:8080", fnv, StickyCookie.fnv64(fnv))) {
            StickyCookie.Lookup lookup = cookie.lookup(requestWithCookie("_7052b=" + old));
            assertThat(lookup.server()).as(old).isSameAs(SERVERS.get(0));
            assertThat(lookup.rewrite()).as(old).isTrue();
        }
    }

    @Test
    void unknownOrMissingValuesFindNothing() {
        StickyCookie cookie = create(CookieConfig.DEFAULTS);
        assertThat(cookie.lookup(requestWithCookie("_7052b=0000000000000000"))).isNull();
        assertThat(cookie.lookup(requestWithCookie("_7052b="))).isNull();
        assertThat(cookie.lookup(requestWithCookie("other=" + StickyCookie.hash("http://10.0.0.5:8080")))).isNull();
        assertThat(cookie.lookup(new HttpServerExchange(null))).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "sideways | sameSite | expected one of none, lax, strict",
            "'lax '   | sameSite | expected one of none, lax, strict",
    })
    void badSameSite(String sameSite, String field, String message) {
        List<ConfigError> errors = errors(new CookieConfig(null, false, false, sameSite, 0, null, null));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo(PATH + "." + field);
            assertThat(e.value()).isEqualTo(sameSite);
            assertThat(e.message()).contains(message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a;b", "/a\nSet-Cookie: x=1", "/é", "/a\u0000", "/a\tb"})
    void badPath(String path) {
        assertThat(errors(new CookieConfig(null, false, false, null, 0, path, null))).singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo(PATH + ".path"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"exa mple.com", "a..b", "-a.com", "a.com;x", ".", "évil.com", "a.com\r\nX: y"})
    void badDomain(String domain) {
        assertThat(errors(new CookieConfig(null, false, false, null, 0, null, domain))).singleElement()
                .satisfies(e -> {
                    assertThat(e.path()).isEqualTo(PATH + ".domain");
                    assertThat(e.message()).contains("domain name");
                });
    }

    @Test
    void findsTheCookieAmongOthersAsGoDoes() {
        StickyCookie cookie = create(CookieConfig.DEFAULTS);
        String hash = StickyCookie.hash("http://10.0.0.6:8080");
        for (String header : List.of("_7052b=" + hash, "a=1;_7052b=" + hash + ";b=2", " a=1 ;  _7052b=" + hash + "  ",
                "_7052=x; x_7052b=y; _7052b=\"" + hash + "\"")) {
            assertThat(cookie.lookup(requestWithCookie(header))).as(header).isNotNull()
                    .extracting(StickyCookie.Lookup::server).isSameAs(SERVERS.get(1));
        }
        HttpServerExchange twoHeaders = new HttpServerExchange(null);
        twoHeaders.getRequestHeaders().add(Headers.COOKIE, "a=1");
        twoHeaders.getRequestHeaders().add(Headers.COOKIE, "_7052b=" + hash);
        assertThat(cookie.lookup(twoHeaders).server()).isSameAs(SERVERS.get(1));
        assertThat(cookie.lookup(requestWithCookie("_7052b"))).isNull();
        assertThat(cookie.lookup(requestWithCookie(";;;=;"))).isNull();
    }

    @Test
    void allBadOptionsAreReportedAtOnce() {
        assertThat(errors(new CookieConfig(null, false, false, "x", 0, ";", "a b"))).hasSize(3);
    }
}
