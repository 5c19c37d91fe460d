package io.gatehouse.core.rule;

import static io.gatehouse.core.rule.RuleParserAdversarialTest.parses;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Matching semantics docs/rules.md promises, on tricky inputs. */
class RuleMatchingAdversarialTest {

    static boolean matches(String rule, MatchInput request) {
        return parses(rule).rule().matches(request);
    }

    // ------------------------------------------------------------ Host

    @ParameterizedTest
    @ValueSource(strings = {"Host(`example.com`)", "Host(`EXAMPLE.com`)", "Host(`Example.COM.`)", "host(`example.com.`)",
            "Host(\"example.com\")", "Host(\"\\x65xample.com\")"})
    void hostValuesAreCanonicalizedWhenParsed(String rule) {
        assertThat(matches(rule, AdversarialRequest.host("example.com"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.host("example.co"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("example.com.evil"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("xexample.com"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host(""))).isFalse();
    }

    @Test
    void hostScopeIsCanonicalToo() {
        assertThat(parses("Host(`Example.COM.`)").hosts().exact()).containsExactly("example.com");
        assertThat(parses("Host(`*.Example.COM.`)").hosts().wildcardSuffixes()).containsExactly("example.com");
    }

    @Test
    void wildcardMatchesExactlyOneLabel() {
        String rule = "Host(`*.example.com`)";
        assertThat(matches(rule, AdversarialRequest.host("foo.example.com"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.host("a.example.com"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.host("foo.bar.example.com"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("example.com"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("fooexample.com"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("foo.example.com.evil"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host("foo.example.co"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.host(""))).isFalse();
    }

    @Test
    void starMatchesEveryHostIncludingNone() {
        for (String host : List.of("", "example.com", "::1", "a.b.c.d.e", "x")) {
            assertThat(matches("Host(`*`)", AdversarialRequest.host(host))).as(host).isTrue();
        }
        assertThat(parses("Host(`*`)").hosts().any()).isTrue();
    }

    @Test
    void hostScopeNeverNarrowsARuleThatCanMatchOtherHosts() {
        assertThat(parses("Host(`a.com`) || PathPrefix(`/`)").hosts().any()).isTrue();
        assertThat(parses("!Host(`a.com`)").hosts().any()).isTrue();
        assertThat(parses("!!Host(`a.com`)").hosts().any() || parses("!!Host(`a.com`)").hosts().exact()
                .contains("a.com")).isTrue();
        assertThat(parses("HostRegexp(`a\\.com`)").hosts().any()).isTrue();
        assertThat(parses("!(Host(`a.com`) && Path(`/`))").hosts().any()).isTrue();
        HostScope and = parses("Host(`a.com`) && !Host(`b.com`)").hosts();
        assertThat(and.any() || and.exact().equals(java.util.Set.of("a.com"))).isTrue();
        HostScope or = parses("Host(`a.com`) || Host(`*.b.com`)").hosts();
        assertThat(or.any() || (or.exact().contains("a.com") && or.wildcardSuffixes().contains("b.com"))).isTrue();
    }

    // ------------------------------------------------------------ Path and PathPrefix

    @Test
    void pathIsExact() {
        assertThat(matches("Path(`/products`)", AdversarialRequest.path("/products"))).isTrue();
        assertThat(matches("Path(`/products`)", AdversarialRequest.path("/products/"))).isFalse();
        assertThat(matches("Path(`/products`)", AdversarialRequest.path("/products/shoes"))).isFalse();
        assertThat(matches("Path(`/products`)", AdversarialRequest.path("/Products"))).isFalse();
        assertThat(matches("Path(`/products`)", AdversarialRequest.path(""))).isFalse();
        assertThat(matches("Path(`/`)", AdversarialRequest.path("/"))).isTrue();
    }

    @Test
    void pathPrefixIsAPlainStringPrefix() {
        String rule = "PathPrefix(`/products`)";
        assertThat(matches(rule, AdversarialRequest.path("/products"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.path("/products/"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.path("/products-for-sale"))).isTrue();
        assertThat(matches(rule, AdversarialRequest.path("/product"))).isFalse();
        assertThat(matches(rule, AdversarialRequest.path(""))).isFalse();
        assertThat(matches("PathPrefix(`/a.c`)", AdversarialRequest.path("/abc"))).isFalse();
        assertThat(matches("PathPrefix(`/[a]`)", AdversarialRequest.path("/a"))).isFalse();
        assertThat(matches("PathPrefix(`/[a]`)", AdversarialRequest.path("/[a]"))).isTrue();
    }

    @Test
    void reservedEscapesInRulesAreMatchedAsWritten() {
        // The routing path keeps reserved escapes upper-cased: a rule written with %2F sees them literally.
        assertThat(matches("Path(`/a%2Fb`)", AdversarialRequest.path("/a%2Fb"))).isTrue();
        assertThat(matches("Path(`/a%2Fb`)", AdversarialRequest.path("/a/b"))).isFalse();
    }

    // ------------------------------------------------------------ Method

    @Test
    void methodValueIsUpperCasedButRequestMethodIsCaseSensitive() {
        assertThat(matches("Method(`get`)", AdversarialRequest.method("GET"))).isTrue();
        assertThat(matches("Method(`get`)", AdversarialRequest.method("get"))).isFalse();
        assertThat(matches("Method(`GET`)", AdversarialRequest.method("GETX"))).isFalse();
        assertThat(matches("Method(`GET`)", AdversarialRequest.method("HEAD"))).isFalse();
    }

    // ------------------------------------------------------------ Header and Query

    @Test
    void headerMatchesAnyValueExactly() {
        AdversarialRequest request = new AdversarialRequest("example.com", "/", "GET",
                Map.of("x-role", List.of("user", "admin")), Map.of(), null);
        assertThat(matches("Header(`X-Role`, `admin`)", request)).isTrue();
        assertThat(matches("Header(`X-ROLE`, `admin`)", request)).isTrue();
        assertThat(matches("Header(`X-Role`, `Admin`)", request)).isFalse();
        assertThat(matches("Header(`X-Role`, `user, admin`)", request)).isFalse();
        assertThat(matches("Header(`X-Role`, `adm`)", request)).isFalse();
        assertThat(matches("Header(`X-Other`, `admin`)", request)).isFalse();
        assertThat(matches("HeaderRegexp(`x-role`, `^adm`)", request)).isTrue();
    }

    @Test
    void queryWithoutValueMeansPresentAndEmpty() {
        assertThat(matches("Query(`mobile`)", AdversarialRequest.query("mobile", ""))).isTrue();
        assertThat(matches("Query(`mobile`)", AdversarialRequest.query("mobile", "true"))).isFalse();
        assertThat(matches("Query(`mobile`)", AdversarialRequest.query("other", ""))).isFalse();
        assertThat(matches("Query(`mobile`)", AdversarialRequest.query("mobile", "true", ""))).isTrue();
        assertThat(matches("QueryRegexp(`mobile`)", AdversarialRequest.query("mobile", ""))).isTrue();
        assertThat(matches("QueryRegexp(`mobile`)", AdversarialRequest.query("mobile", "x"))).isFalse();
        assertThat(matches("QueryRegexp(`mobile`, `^.*$`)", AdversarialRequest.query("mobile", "x"))).isTrue();
        assertThat(matches("QueryRegexp(`mobile`, `^.*$`)", AdversarialRequest.query("mobile", ""))).isTrue();
        assertThat(matches("QueryRegexp(`mobile`, `^.*$`)", AdversarialRequest.query("other", "x"))).isFalse();
        assertThat(matches("Query(`mobile`, `true`)", AdversarialRequest.query("mobile", "false", "true"))).isTrue();
        assertThat(matches("Query(`mobile`, `true`)", AdversarialRequest.query("Mobile", "true"))).isFalse();
    }

    // ------------------------------------------------------------ ClientIP

    @Test
    void clientIpEdgeCases() throws UnknownHostException {
        InetAddress v4 = InetAddress.getByName("10.0.0.1");
        InetAddress loopback6 = InetAddress.getByName("::1");
        assertThat(matches("ClientIP(`::ffff:10.0.0.1`)", AdversarialRequest.client(v4))).isTrue();
        assertThat(matches("ClientIP(`10.0.0.1`)", AdversarialRequest.client(v4))).isTrue();
        assertThat(matches("ClientIP(`10.0.0.2`)", AdversarialRequest.client(v4))).isFalse();
        assertThat(matches("ClientIP(`10.0.0.77/24`)", AdversarialRequest.client(v4))).isTrue();
        assertThat(matches("ClientIP(`10.0.1.0/24`)", AdversarialRequest.client(v4))).isFalse();
        assertThat(matches("ClientIP(`0.0.0.0/0`)", AdversarialRequest.client(v4))).isTrue();
        assertThat(matches("ClientIP(`0:0:0:0:0:0:0:1`)", AdversarialRequest.client(loopback6))).isTrue();
        assertThat(matches("ClientIP(`::1/128`)", AdversarialRequest.client(loopback6))).isTrue();
        assertThat(matches("ClientIP(`10.0.0.1`)", AdversarialRequest.client(loopback6))).isFalse();
        assertThat(matches("ClientIP(`fe80::/10`)", AdversarialRequest.client(InetAddress.getByName("febf::1"))))
                .isTrue();
        assertThat(matches("ClientIP(`fe80::/10`)", AdversarialRequest.client(InetAddress.getByName("fec0::1"))))
                .isFalse();
    }

    @Test
    void mappedAndPlainIpv4ValuesMeanTheSameForEveryClient() throws UnknownHostException {
        // rules.md: "An IPv4-mapped IPv6 value (::ffff:10.0.0.1) means the IPv4 address", so both rules must
        // agree for any client. How a client handed over as a mapped Inet6Address (Java usually converts those
        // to Inet4Address) should match is not documented; only the agreement is asserted.
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1};
        for (InetAddress client : List.of(Inet6Address.getByAddress(null, mapped, -1),
                InetAddress.getByName("10.0.0.1"), InetAddress.getByName("::ffff:10.0.0.1"),
                InetAddress.getByName("::10.0.0.1"), InetAddress.getByName("10.0.0.2"))) {
            assertThat(matches("ClientIP(`::ffff:10.0.0.1`)", AdversarialRequest.client(client)))
                    .as("client %s", client)
                    .isEqualTo(matches("ClientIP(`10.0.0.1`)", AdversarialRequest.client(client)));
            assertThat(matches("ClientIP(`::ffff:10.0.0.0/104`)", AdversarialRequest.client(client)))
                    .as("client %s, CIDR", client)
                    .isEqualTo(matches("ClientIP(`10.0.0.0/8`)", AdversarialRequest.client(client)));
        }
    }

    @Test
    void unknownClientAddressMatchesNoClientIp() {
        AdversarialRequest unknown = AdversarialRequest.client(null);
        assertThat(matches("ClientIP(`0.0.0.0/0`)", unknown)).isFalse();
        assertThat(matches("ClientIP(`::/0`)", unknown)).isFalse();
        assertThat(matches("!ClientIP(`10.0.0.0/8`)", unknown)).isTrue();
    }

    // ------------------------------------------------------------ operators

    @Test
    void precedenceIsNotAndOr() {
        AdversarialRequest hostA = AdversarialRequest.of("a", "/y");
        assertThat(matches("Host(`a`) || Host(`b`) && Path(`/x`)", hostA)).isTrue();
        assertThat(matches("(Host(`a`) || Host(`b`)) && Path(`/x`)", hostA)).isFalse();
        assertThat(matches("!Host(`b`) && Path(`/x`)", hostA)).isFalse();
        assertThat(matches("!Host(`b`) && Path(`/y`)", hostA)).isTrue();
        assertThat(matches("!(Host(`a`) && Path(`/x`))", hostA)).isTrue();
        assertThat(matches("!Host(`a`) || Path(`/y`)", hostA)).isTrue();
    }

    @Test
    void evaluationStopsAsSoonAsTheResultIsKnown() {
        AtomicInteger pathReads = new AtomicInteger();
        MatchInput counting = new MatchInput() {
            @Override
            public String host() {
                return "a";
            }

            @Override
            public String path() {
                pathReads.incrementAndGet();
                return "/x";
            }

            @Override
            public String method() {
                return "GET";
            }

            @Override
            public List<String> headerValues(String name) {
                return List.of();
            }

            @Override
            public List<String> queryValues(String name) {
                return List.of();
            }

            @Override
            public boolean hasQueryParameter(String name) {
                return false;
            }

            @Override
            public InetAddress clientAddress() {
                return null;
            }
        };
        assertThat(parses("Host(`a`) || Path(`/x`)").rule().matches(counting)).isTrue();
        assertThat(parses("Host(`b`) && Path(`/x`)").rule().matches(counting)).isFalse();
        assertThat(parses("!Host(`a`) && PathRegexp(`x`)").rule().matches(counting)).isFalse();
        assertThat(pathReads).hasValue(0);
    }
}
