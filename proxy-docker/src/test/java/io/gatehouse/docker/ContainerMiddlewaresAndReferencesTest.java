package io.gatehouse.docker;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.middleware.MiddlewareTypes;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container whose middleware labels are bad, or whose labels name a service or middleware that
 * this provider does not have, is left out alone, with an error naming it and the label; built with
 * the real middleware types (proxy-middleware), as the pipeline builds them.
 */
class ContainerMiddlewaresAndReferencesTest {

    private static ContainerInfo container(String id, String name, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new ContainerInfo(id, name, map, "running", null, "bridge", Map.of("bridge", "172.17.0." + id.length()),
                Map.of(80, List.of()));
    }

    /** A container that must stay whatever the others do. */
    private static final ContainerInfo GOOD = container("zzzzzz", "good");

    private static ContainerConfigBuilder.Result build(ContainerInfo... containers) {
        return build(MiddlewareTypes.load(), containers);
    }

    private static ContainerConfigBuilder.Result build(MiddlewareTypes types, ContainerInfo... containers) {
        try {
            return new ContainerConfigBuilder(DockerProviderConfig.DEFAULTS, "127.0.0.1", types, "docker")
                    .build(List.of(containers));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Only {@code bad} is left out, with one error naming it and containing {@code expected}. */
    private static ConfigError assertOnlyLeftOut(ContainerConfigBuilder.Result r, String bad, String... expected) {
        DynamicConfig config = r.config();
        assertThat(config.http().routers()).containsOnlyKeys("good");
        assertThat(config.http().services()).containsOnlyKeys("good");
        assertThat(config.http().middlewares()).isEmpty();
        assertThat(r.errors()).hasSize(1);
        ConfigError error = r.errors().get(0);
        // Decoder errors are located at the label ("container x: label ..."), the others at the container.
        assertThat(error.location().toString()).matches("container " + bad + "(: label .*)?");
        assertThat(error.toString()).contains(expected);
        return error;
    }

    // ---- options the middleware type rejects

    @Test
    void aRateLimitAverageThatIsNotANumber() {
        var r = build(container("a", "bad", "traefik.http.middlewares.m.ratelimit.average", "abc"), GOOD);
        assertOnlyLeftOut(r, "bad", "label traefik.http.middlewares.m.ratelimit.average", "expected a whole number", "abc");
    }

    @Test
    void anUnknownMiddlewareTypeListsTheInstalledOnes() {
        var r = build(container("a", "bad", "traefik.http.middlewares.m.stripprefixx.prefixes", "/api"), GOOD);
        assertOnlyLeftOut(r, "bad", "traefik.http.middlewares.m.stripprefixx", "unknown middleware type 'stripprefixx'",
                "stripPrefix");
    }

    @Test
    void aStripPrefixRegexThatDoesNotCompile() {
        var r = build(container("a", "bad", "traefik.http.middlewares.m.stripprefixregex.regex", "/api/(["), GOOD);
        assertOnlyLeftOut(r, "bad", "label traefik.http.middlewares.m.stripprefixregex.regex",
                "invalid regular expression", "/api/([");
    }

    @Test
    void headerValuesWithCrOrLfCannotInjectHeaders() {
        var request = build(container("a", "bad",
                "traefik.http.middlewares.m.headers.customrequestheaders.X-Evil", "a\r\nInjected: yes"), GOOD);
        assertOnlyLeftOut(request, "bad", "traefik.http.middlewares.m.headers.customrequestheaders.X-Evil",
                "control character U+000D");
        var response = build(container("a", "bad",
                "traefik.http.middlewares.m.headers.customresponseheaders.X-Evil", "a\nb"), GOOD);
        assertOnlyLeftOut(response, "bad", "customresponseheaders.X-Evil", "control character U+000A");
    }

    /** Options that bind but that only the type's create() rejects: it runs here, not first in the pipeline. */
    @Test
    void optionsOnlyTheMiddlewaresCreateRejectsNameTheLabelAsTheContainerSpellsIt() {
        var ipList = build(container("a", "bad", "traefik.http.middlewares.m.ipallowlist.sourcerange",
                "10.0.0.0/8,300.1.1.1"), GOOD);
        ConfigError error = assertOnlyLeftOut(ipList, "bad",
                "label traefik.http.middlewares.m.ipallowlist.sourcerange (item 2)", "not an IP or a CIDR", "300.1.1.1");
        assertThat(error.message()).endsWith("; the container is left out");

        assertOnlyLeftOut(build(container("a", "bad", "traefik.http.middlewares.m.forwardauth.address", "ftp://auth"), GOOD),
                "bad", "label traefik.http.middlewares.m.forwardauth.address", "http:// or https://", "ftp://auth");
        assertOnlyLeftOut(build(container("a", "bad", "traefik.http.middlewares.m.basicauth.users", "nocolon"), GOOD),
                "bad", "label traefik.http.middlewares.m.basicauth.users (item 1)", "name:hash");
        assertOnlyLeftOut(build(container("a", "bad", "traefik.http.middlewares.m.headers.stsseconds", "0"), GOOD),
                "bad", "label traefik.http.middlewares.m.headers", "no option set");
        // Indexed list labels are named as written.
        assertOnlyLeftOut(build(container("a", "bad", "traefik.http.middlewares.m.errors.status[0]", "abc",
                        "traefik.http.middlewares.m.errors.service", "good"), GOOD),
                "bad", "label traefik.http.middlewares.m.errors.status[0]", "status code");
    }

    @Test
    void theDecoderAndTheBuildUseTheTypesTheyAreGiven() {
        // A type the pipeline does not have is unknown here too, although it is on the class path.
        MiddlewareTypes onlyStripPrefix = MiddlewareTypes.of(List.of(MiddlewareTypes.load().find("stripPrefix").orElseThrow()));
        var r = build(onlyStripPrefix, container("a", "bad", "traefik.http.middlewares.m.addprefix.prefix", "/x"), GOOD,
                container("b", "strip", "traefik.http.middlewares.s.stripprefix.prefixes", "/api",
                        "traefik.http.routers.strip.rule", "Host(`strip`)", "traefik.http.routers.strip.middlewares", "s"));
        assertThat(r.config().http().routers()).containsOnlyKeys("good", "strip");
        assertThat(r.config().http().middlewares()).containsOnlyKeys("s");
        assertThat(r.errors()).singleElement().asString().contains("container bad", "unknown middleware type 'addprefix'");
    }

    // ---- references within the provider

    @Test
    void aRouterNamingAMiddlewareNoContainerDefines() {
        var r = build(container("a", "bad", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.middlewares", "nope"), GOOD);
        ConfigError error = assertOnlyLeftOut(r, "bad", "label traefik.http.routers.r.middlewares",
                "no such middleware 'nope' in the docker provider", "the container is left out");
        assertThat(error.value()).isEqualTo("nope");
        assertThat(error.path()).isEqualTo("http.routers.r.middlewares[0]");
    }

    @Test
    void aRouterNamingAServiceNoContainerDefines() {
        var r = build(container("a", "bad", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.service", "ghost"), GOOD);
        assertOnlyLeftOut(r, "bad", "label traefik.http.routers.r.service", "no such service 'ghost'", "known: bad, good");
    }

    @Test
    void namesQualifiedWithThisProviderAreCheckedAndOtherProvidersAreNot() {
        var qualified = build(container("a", "bad", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.middlewares", "nope@docker"), GOOD);
        assertOnlyLeftOut(qualified, "bad", "no such middleware 'nope'", "(got 'nope@docker')");

        var elsewhere = build(container("a", "other", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.middlewares", "auth@file,strip@docker",
                "traefik.http.routers.r.service", "api@internal",
                "traefik.http.middlewares.strip.stripprefix.prefixes", "/api"), GOOD);
        assertThat(elsewhere.errors()).isEmpty();
        assertThat(elsewhere.config().http().routers().get("r").middlewares()).containsExactly("auth@file", "strip@docker");
        assertThat(elsewhere.config().http().routers().get("r").service()).isEqualTo("api@internal");
    }

    @Test
    void namesAreProviderWideARouterMayUseAMiddlewareAndServiceOfAnotherContainer() {
        var r = build(
                container("a", "auth", "traefik.http.middlewares.strip.stripprefix.prefixes", "/api"),
                container("b", "web", "traefik.http.routers.web.rule", "Host(`web`)",
                        "traefik.http.routers.web.middlewares", "strip",
                        "traefik.http.routers.web.service", "auth"));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().routers().get("web").middlewares()).containsExactly("strip");
        assertThat(r.config().http().routers().get("web").service()).isEqualTo("auth");
    }

    @Test
    void whoUsesAMiddlewareOfALeftOutContainerIsLeftOutTooAndToldWhy() {
        var r = build(
                container("a", "broken", "traefik.http.middlewares.strip.stripprefixregex.regex", "(["),
                container("b", "user", "traefik.http.routers.user.rule", "Host(`user`)",
                        "traefik.http.routers.user.middlewares", "strip"),
                GOOD);
        assertThat(r.config().http().routers()).containsOnlyKeys("good");
        assertThat(r.config().http().services()).containsOnlyKeys("good");
        assertThat(r.errors()).hasSize(2);
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).contains("container broken", "invalid regular expression"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).contains("container user",
                "label traefik.http.routers.user.middlewares",
                "the middleware 'strip' is defined only by container broken, which is left out for its own errors"));
    }

    @Test
    void leavingAContainerOutCascadesToWhatNeedsItsServiceThroughAnErrorsMiddleware() {
        // c's router needs a's errors middleware, which needs b's service; b has a bad rule.
        var r = build(
                container("a", "pages", "traefik.http.middlewares.oops.errors.status", "500-599",
                        "traefik.http.middlewares.oops.errors.service", "backend",
                        "traefik.http.middlewares.oops.errors.query", "/{status}.html"),
                container("b", "backend", "traefik.http.routers.backend.rule", "Host(`backend`"),
                container("c", "site", "traefik.http.routers.site.rule", "Host(`site`)",
                        "traefik.http.routers.site.middlewares", "oops"),
                GOOD);
        assertThat(r.config().http().routers()).containsOnlyKeys("good");
        assertThat(r.errors()).extracting(e -> e.location().toString())
                .containsExactlyInAnyOrder("container backend", "container pages", "container site");
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).contains("container pages",
                "label traefik.http.middlewares.oops.errors.service", "the service 'backend' is defined only by container backend"));
    }

    @Test
    void anErrorsMiddlewareNamingAServiceThatExists() {
        var r = build(container("a", "pages", "traefik.http.middlewares.oops.errors.status", "500-599",
                "traefik.http.middlewares.oops.errors.service", "good",
                "traefik.http.middlewares.oops.errors.query", "/{status}.html"), GOOD);
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().http().middlewares()).containsOnlyKeys("oops");
    }

    @Test
    void chainMembersMustExistAndMustNotCycleEvenAcrossContainers() {
        var missing = build(container("a", "bad", "traefik.http.middlewares.c.chain.middlewares", "nope"), GOOD);
        assertOnlyLeftOut(missing, "bad", "label traefik.http.middlewares.c.chain.middlewares", "no such middleware 'nope'");

        var cycle = build(
                container("a", "one", "traefik.http.middlewares.c1.chain.middlewares", "c2"),
                container("b", "two", "traefik.http.middlewares.c2.chain.middlewares", "c1"),
                GOOD);
        assertThat(cycle.config().http().routers()).containsOnlyKeys("good");
        assertThat(cycle.config().http().middlewares()).isEmpty();
        assertThat(cycle.errors()).hasSize(2).allSatisfy(e -> assertThat(e.toString()).contains("form a cycle"));
        assertThat(cycle.errors()).anySatisfy(e -> assertThat(e.toString()).contains("container one", "c1 -> c2 -> c1"));

        var fine = build(
                container("a", "one", "traefik.http.middlewares.c1.chain.middlewares", "c2,auth@file",
                        "traefik.http.routers.one.rule", "Host(`one`)", "traefik.http.routers.one.middlewares", "c1"),
                container("b", "two", "traefik.http.middlewares.c2.stripprefix.prefixes", "/x"));
        assertThat(fine.errors()).isEmpty();
        assertThat(fine.config().http().middlewares()).containsOnlyKeys("c1", "c2");
    }

    @Test
    void aServersTransportNoContainerDefines() {
        var r = build(container("a", "bad", "traefik.http.services.bad.loadbalancer.serverstransport", "tt"), GOOD);
        assertOnlyLeftOut(r, "bad", "label traefik.http.services.bad.loadbalancer.serverstransport",
                "no such serversTransport 'tt'", "none is defined");
        var defined = build(container("a", "ok", "traefik.http.services.ok.loadbalancer.serverstransport", "tt",
                "traefik.http.serverstransports.tt.insecureskipverify", "true"));
        assertThat(defined.errors()).isEmpty();
    }

    @Test
    void aMiddlewareDefinedDifferentlyByTwoContainersIsDroppedAndItsUserToldSo() {
        var r = build(
                container("a", "one", "traefik.http.middlewares.m.stripprefix.prefixes", "/one"),
                container("b", "two", "traefik.http.middlewares.m.stripprefix.prefixes", "/two"),
                container("c", "user", "traefik.http.routers.user.rule", "Host(`user`)",
                        "traefik.http.routers.user.middlewares", "m"),
                GOOD);
        assertThat(r.config().http().routers()).containsOnlyKeys("good", "one", "two");
        assertThat(r.config().http().middlewares()).isEmpty();
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).contains("container user",
                "the middleware 'm' is defined differently by containers one, two, so it is dropped"));
        assertThat(r.errors()).anySatisfy(e -> assertThat(e.toString()).contains("http.middlewares.m", "one", "two", "dropped"));
    }

    @Test
    void anEmptyNameInARoutersMiddlewareList() {
        var r = build(container("a", "bad", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.middlewares[0]", "strip", "traefik.http.routers.r.middlewares[1]", " ",
                "traefik.http.middlewares.strip.stripprefix.prefixes", "/x"), GOOD);
        ConfigError error = assertOnlyLeftOut(r, "bad", "a middleware name is needed");
        assertThat(error.path()).isEqualTo("http.routers.r.middlewares[1]");
    }

    @Test
    void aNameThatDiffersOnlyInCaseGetsAHint() {
        var r = build(container("a", "bad", "traefik.http.routers.r.rule", "Host(`a`)",
                "traefik.http.routers.r.service", "GOOD"), GOOD);
        assertOnlyLeftOut(r, "bad", "did you mean 'good'?");
    }

    @Test
    void anUnchangedMiddlewareIsBuiltOnceAndStillReportedEveryTime() throws Exception {
        var builder = new ContainerConfigBuilder(DockerProviderConfig.DEFAULTS, "127.0.0.1", MiddlewareTypes.load(), "docker");
        List<ContainerInfo> containers = List.of(container("a", "bad", "traefik.http.middlewares.m.forwardauth.address",
                "ftp://auth"), GOOD);
        var first = builder.build(containers);
        var second = builder.build(containers);
        assertThat(second.errors()).isEqualTo(first.errors()).hasSize(1);
        assertThat(second.config()).isEqualTo(first.config());
    }
}
