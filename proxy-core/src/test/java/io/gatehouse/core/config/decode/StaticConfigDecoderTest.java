package io.gatehouse.core.config.decode;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.statics.LogConfig;
import io.gatehouse.core.config.statics.PingConfig;
import io.gatehouse.core.config.statics.RedirectionConfig;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.config.statics.StaticEntryPoint;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StaticConfigDecoderTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = StaticConfigDecoderTest.class.getResourceAsStream("/static/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StaticDecodeResult yaml(String yaml) {
        return StaticConfigDecoder.create().file(yaml, Format.YAML, "traefik.yml").decode();
    }

    private static StaticDecodeResult flags(String... flags) {
        return StaticConfigDecoder.create().flags(List.of(flags)).decode();
    }

    private static StaticConfig ok(StaticDecodeResult result) {
        assertThat(result.errors()).isEmpty();
        return result.config();
    }

    private static List<String> errors(StaticDecodeResult result) {
        assertThat(result.config()).isNull();
        return result.errors().stream().map(ConfigError::toString).toList();
    }

    @Test
    void traefikDocsYamlLoads() throws IOException {
        StaticDecodeResult result = yaml(resource("traefik.yml"));
        StaticConfig config = ok(result);
        assertThat(config.entryPoints()).containsOnlyKeys("web", "websecure");
        StaticEntryPoint web = config.entryPoints().get("web");
        assertThat(web.config().address()).isEqualTo(":80");
        assertThat(web.redirection()).isEqualTo(
                new RedirectionConfig("websecure", "https", true, RedirectionConfig.DEFAULT_PRIORITY));
        StaticEntryPoint secure = config.entryPoints().get("websecure");
        assertThat(secure.config().forwardedHeaders().trustedIPs()).containsExactly("127.0.0.1/32", "192.168.1.7");
        assertThat(secure.config().respondingTimeouts().readTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(secure.config().respondingTimeouts().writeTimeout()).isEqualTo(Duration.ofSeconds(42));
        assertThat(secure.config().respondingTimeouts().idleTimeout()).isEqualTo(Duration.ofMinutes(42));
        assertThat(secure.config().graceTimeOut()).isEqualTo(Duration.ofSeconds(42));
        assertThat(config.providers().providersThrottleDuration()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.providers().file().directory()).isEqualTo("/path/to/dynamic/conf");
        assertThat(config.providers().file().watch()).isTrue();
        assertThat(config.ping()).isEqualTo(new PingConfig("web", false, 503));
        assertThat(config.log()).isEqualTo(new LogConfig(LogConfig.LogLevel.DEBUG, LogConfig.LogFormat.JSON));
        assertThat(result.warnings()).extracting(ConfigError::path)
                .containsExactly("global.checkNewVersion", "global.sendAnonymousUsage");
    }

    @Test
    void tomlLoads() throws IOException {
        StaticConfig config = ok(StaticConfigDecoder.create()
                .file(resource("traefik.toml"), Format.TOML, "traefik.toml").decode());
        assertThat(config.entryPoints().get("web").config().forwardedHeaders().insecure()).isTrue();
        assertThat(config.entryPoints().get("web").config().graceTimeOut()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.providers().file().filename()).isEqualTo("dynamic.toml");
        assertThat(config.providers().file().watch()).isFalse();
        // [ping] with no options enables it on Traefik's own entry point, which is then added on :8080.
        assertThat(config.ping()).isEqualTo(PingConfig.DEFAULTS);
        assertThat(config.entryPoints().get("traefik").config().address()).isEqualTo(":8080");
        assertThat(config.log().level()).isEqualTo(LogConfig.LogLevel.INFO);
    }

    @Test
    void defaultsMatchTraefik() {
        StaticConfig config = ok(StaticConfigDecoder.create().decode());
        assertThat(config.entryPoints()).containsOnlyKeys("http");
        assertThat(config.entryPoints().get("http").config().address()).isEqualTo(":80");
        assertThat(config.ping()).isNull();
        assertThat(config.providers().file()).isNull();
        assertThat(config.providers().providersThrottleDuration()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.log()).isEqualTo(LogConfig.DEFAULTS);
    }

    @Test
    void flagsInTraefikForm() {
        StaticConfig config = ok(flags("--entryPoints.web.address=:8080", "--providers.file.filename=dynamic.yml",
                "--ping", "--ping.entryPoint=web", "--log.level=debug",
                "--entrypoints.web.forwardedheaders.trustedips=10.0.0.0/8,192.168.0.1"));
        assertThat(config.entryPoints().get("web").config().address()).isEqualTo(":8080");
        assertThat(config.entryPoints().get("web").config().forwardedHeaders().trustedIPs())
                .containsExactly("10.0.0.0/8", "192.168.0.1");
        assertThat(config.providers().file().filename()).isEqualTo("dynamic.yml");
        assertThat(config.ping().entryPoint()).isEqualTo("web");
        assertThat(config.entryPoints()).doesNotContainKey("traefik");
        assertThat(config.log().level()).isEqualTo(LogConfig.LogLevel.DEBUG);
    }

    @Test
    void environmentVariables() {
        StaticConfig config = ok(StaticConfigDecoder.create().environment(Map.of(
                "GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS", ":8080",
                "GATEHOUSE_ENTRYPOINTS_WEB_TRANSPORT_LIFECYCLE_GRACETIMEOUT", "1m",
                "GATEHOUSE_PING", "true",
                "GATEHOUSE_PING_ENTRYPOINT", "WEB",
                "PATH", "/usr/bin",
                "OTHER_ENTRYPOINTS_X", "ignored")).decode());
        assertThat(config.entryPoints()).containsOnlyKeys("web");
        assertThat(config.entryPoints().get("web").config().graceTimeOut()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.ping().entryPoint()).isEqualTo("web");
    }

    @Test
    void traefikPrefixIsReadAndGatehousePrefixWins() {
        StaticConfig config = ok(StaticConfigDecoder.create().environment(Map.of(
                "TRAEFIK_ENTRYPOINTS_WEB_ADDRESS", ":1111",
                "GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS", ":2222",
                "TRAEFIK_LOG_LEVEL", "WARN")).decode());
        assertThat(config.entryPoints().get("web").config().address()).isEqualTo(":2222");
        assertThat(config.log().level()).isEqualTo(LogConfig.LogLevel.WARN);
    }

    @Test
    void flagsOverrideEnvironmentWhichOverridesTheFile() {
        String file = """
                entryPoints:
                  web:
                    address: ":1000"
                    transport:
                      lifeCycle:
                        graceTimeOut: 5s
                  admin:
                    address: ":1001"
                log:
                  level: INFO
                  format: json
                """;
        StaticConfig config = ok(StaticConfigDecoder.create()
                .file(file, Format.YAML, "traefik.yml")
                .environment(Map.of("GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS", ":2000", "GATEHOUSE_LOG_LEVEL", "WARN",
                        "GATEHOUSE_ENTRYPOINTS_ADMIN_ADDRESS", ":2001"))
                .flags(List.of("--entryPoints.web.address=:3000"))
                .decode());
        assertThat(config.entryPoints().get("web").config().address()).isEqualTo(":3000");
        assertThat(config.entryPoints().get("web").config().graceTimeOut()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.entryPoints().get("admin").config().address()).isEqualTo(":2001");
        assertThat(config.log()).isEqualTo(new LogConfig(LogConfig.LogLevel.WARN, LogConfig.LogFormat.JSON));
    }

    @Test
    void aBarePingFlagKeepsTheFilesOptionsAndFalseDisables() {
        String file = "entryPoints: {web: {address: ':80'}}\nping: {entryPoint: web}\n";
        assertThat(ok(StaticConfigDecoder.create().file(file, Format.YAML, "f").flags(List.of("--ping")).decode())
                .ping().entryPoint()).isEqualTo("web");
        assertThat(ok(StaticConfigDecoder.create().file(file, Format.YAML, "f").flags(List.of("--ping=false"))
                .decode()).ping()).isNull();
    }

    @Test
    void unknownKeysAreErrorsWithSuggestions() {
        assertThat(errors(yaml("entryPoints:\n  web:\n    adress: ':80'\n")))
                .anySatisfy(e -> assertThat(e).contains("entryPoints.web.adress").contains("did you mean 'address'?"));
        assertThat(errors(flags("--entrypoint.web.address=:80")))
                .anySatisfy(e -> assertThat(e).contains("flag --entrypoint.web.address=:80")
                        .contains("did you mean 'entryPoints'?"));
        assertThat(errors(flags("--frobnicate=1"))).containsExactly(
                "flag --frobnicate=1: frobnicate: unknown key 'frobnicate' (known keys: entryPoints, providers, ping, log, global)");
        assertThat(errors(StaticConfigDecoder.create().environment(Map.of("GATEHOUSE_LOG_LEVL", "INFO")).decode()))
                .anySatisfy(e -> assertThat(e).contains("environment variable GATEHOUSE_LOG_LEVL")
                        .contains("did you mean 'level'?"));
    }

    @Test
    void dockerOptionsReachTheDockerModuleFlatFromEverySource() {
        StaticConfig fromFile = ok(yaml("""
                providers:
                  docker:
                    endpoint: unix:///var/run/docker.sock
                    exposedByDefault: false
                    constraints: "Label(`a`, `b`)"
                    tls:
                      ca: /etc/ca.pem
                """));
        assertThat(fromFile.providers().docker()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "endpoint", "unix:///var/run/docker.sock", "exposedByDefault", "false",
                "constraints", "Label(`a`, `b`)", "tls.ca", "/etc/ca.pem"));
        StaticConfig fromFlags = ok(flags("--providers.docker.exposedByDefault=false", "--providers.docker.tls.ca=/etc/ca.pem"));
        assertThat(fromFlags.providers().docker())
                .containsEntry("tls.ca", "/etc/ca.pem")
                .hasEntrySatisfying("exposedByDefault", v -> assertThat(v).isEqualTo("false"));
        StaticConfig fromEnv = ok(StaticConfigDecoder.create()
                .environment(Map.of("GATEHOUSE_PROVIDERS_DOCKER_NETWORK", "proxy")).decode());
        assertThat(fromEnv.providers().docker()).containsKey("network");
        assertThat(ok(yaml("providers:\n  docker: {}\n")).providers().docker()).isEmpty();
        assertThat(ok(yaml("providers:\n  file:\n    filename: x.yml\n")).providers().docker()).isNull();
    }

    @Test
    void knownTraefikKeysWeDoNotHaveAreNotSupportedYet() {
        List<String> errors = errors(yaml("""
                api:
                  dashboard: true
                providers:
                  consulCatalog: {}
                certificatesResolvers:
                  le: {}
                entryPoints:
                  web:
                    address: ':80'
                    http3: {}
                    http:
                      middlewares: [auth]
                    transport:
                      keepAliveMaxTime: 10s
                      lifeCycle:
                        requestAcceptGraceTimeout: 5s
                    forwardedHeaders:
                      connection: [foo]
                log:
                  filePath: /var/log/traefik.log
                """));
        assertThat(errors).anySatisfy(e -> assertThat(e).contains("api").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("providers.consulCatalog").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("certificatesResolvers").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("entryPoints.web.http3").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("entryPoints.web.http.middlewares").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("log.filePath").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("transport.keepAliveMaxTime").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("lifeCycle.requestAcceptGraceTimeout").contains("not supported yet"))
                .anySatisfy(e -> assertThat(e).contains("forwardedHeaders.connection").contains("not supported yet"))
                .noneSatisfy(e -> assertThat(e).contains("unknown key"));
    }

    @Test
    void entryPointHttpTlsGivesItsRoutersATlsSection() {
        var config = ok(yaml("""
                entryPoints:
                  websecure:
                    address: ':443'
                    http:
                      tls:
                        options: modern@file
                  alsosecure:
                    address: ':8443'
                    http:
                      tls: true
                  web:
                    address: ':80'
                """));
        assertThat(config.entryPoints().get("websecure").config().tls())
                .isEqualTo(new io.gatehouse.core.config.RouterTlsConfig("modern@file", null, List.of()));
        assertThat(config.entryPoints().get("alsosecure").config().tls()).isEqualTo(io.gatehouse.core.config.RouterTlsConfig.DEFAULT);
        assertThat(config.entryPoints().get("web").config().tls()).isNull();
        assertThat(errors(yaml("entryPoints:\n  w:\n    address: ':1'\n    http:\n      tls:\n        option: x\n")))
                .anySatisfy(e -> assertThat(e).contains("entryPoints.w.http.tls.option"));
    }

    @Test
    void badValuesSayWhatWasExpectedAndWhere() {
        assertThat(errors(yaml("entryPoints:\n  web:\n    address: 'localhost'\n")))
                .anySatisfy(e -> assertThat(e).startsWith("traefik.yml:3").contains("entryPoints.web.address")
                        .contains("[host]:port"));
        assertThat(errors(flags("--entryPoints.web.address=:99999")))
                .anySatisfy(e -> assertThat(e).contains("0 to 65535"));
        assertThat(errors(flags("--entryPoints.web.address=:80",
                "--entryPoints.web.transport.lifeCycle.graceTimeOut=10 parsecs")))
                .anySatisfy(e -> assertThat(e).contains("entryPoints.web.transport.lifeCycle.graceTimeOut")
                        .contains("10 parsecs"));
        assertThat(errors(flags("--entryPoints.web.address=:80",
                "--entryPoints.web.transport.respondingTimeouts.idleTimeout=-1s")))
                .anySatisfy(e -> assertThat(e).contains("must not be negative"));
        assertThat(errors(flags("--log.level=LOUD")))
                .anySatisfy(e -> assertThat(e).contains("log.level").contains("expected one of TRACE"));
        assertThat(errors(flags("--log.format=xml"))).anySatisfy(e -> assertThat(e).contains("common, json"));
        assertThat(errors(flags("--ping.terminatingStatusCode=42"))).anySatisfy(e -> assertThat(e).contains("100 to 599"));
        assertThat(errors(flags("--providers.file.watch=maybe"))).anySatisfy(e -> assertThat(e).contains("true or false"));
        assertThat(errors(flags("--providers.providersThrottleDuration=soon")))
                .anySatisfy(e -> assertThat(e).contains("providers.providersThrottleDuration"));
    }

    @Test
    void malformedFlagsAndKeys() {
        assertThat(errors(flags("entryPoints.web.address=:80"))).anySatisfy(e -> assertThat(e).contains("expected a flag like"));
        assertThat(errors(flags("--"))).isNotEmpty();
        assertThat(errors(flags("--entryPoints..address=:80"))).anySatisfy(e -> assertThat(e).contains("empty segment"));
        assertThat(errors(flags("--=x"))).anySatisfy(e -> assertThat(e).contains("empty segment"));
        assertThat(errors(flags("--log=loud", "--log.level=INFO")))
                .anySatisfy(e -> assertThat(e).contains("has both a value and sub-keys"));
        assertThat(errors(flags("--" + "a.".repeat(40) + "b=1"))).anySatisfy(e -> assertThat(e).contains("segments"));
        assertThat(errors(StaticConfigDecoder.create().environment(Map.of("GATEHOUSE_LOG__LEVEL", "INFO")).decode()))
                .anySatisfy(e -> assertThat(e).contains("empty segment"));
    }

    @Test
    void malformedFileAndWrongShapes() {
        assertThat(errors(yaml("entryPoints: [\n"))).anySatisfy(e -> assertThat(e).contains("malformed YAML"));
        assertThat(errors(yaml("- a\n- b\n"))).anySatisfy(e -> assertThat(e).contains("expected a map"));
        assertThat(errors(yaml("entryPoints: web\n"))).anySatisfy(e -> assertThat(e).contains("entryPoints"));
        assertThat(errors(yaml("entryPoints:\n  web: {}\n"))).anySatisfy(e -> assertThat(e).contains("address")
                .contains("required"));
        assertThat(errors(yaml("entryPoints:\n  web:\n    address: ':80'\n  Web:\n    address: ':81'\n")))
                .anySatisfy(e -> assertThat(e).contains("names are case-insensitive"));
        assertThat(errors(yaml("entryPoints:\n  a@b:\n    address: ':80'\n")))
                .anySatisfy(e -> assertThat(e).contains("must not contain '@'"));
        assertThat(errors(yaml("ping: 42\n"))).anySatisfy(e -> assertThat(e).contains("ping").contains("expected a map"));
        assertThat(errors(yaml("entryPoints:\n  web:\n    address: 8080\n"))).anySatisfy(e -> assertThat(e)
                .contains("[host]:port"));
    }

    @Test
    void jsonLoads() {
        StaticConfig config = ok(StaticConfigDecoder.create().file(
                "{\"entryPoints\": {\"web\": {\"address\": \":8000\"}}, \"ping\": {\"entryPoint\": \"web\"}}",
                Format.JSON, "traefik.json").decode());
        assertThat(config.entryPoints().get("web").config().address()).isEqualTo(":8000");
        assertThat(config.ping().entryPoint()).isEqualTo("web");
        assertThat(errors(StaticConfigDecoder.create().file("{\"entryPoints\": ", Format.JSON, "traefik.json").decode()))
                .anySatisfy(e -> assertThat(e).contains("malformed JSON"));
        assertThat(errors(StaticConfigDecoder.create().file("[entryPoints\n", Format.TOML, "traefik.toml").decode()))
                .anySatisfy(e -> assertThat(e).contains("malformed TOML"));
    }

    @org.junit.jupiter.api.Timeout(30)
    @Test
    void yamlAliasesCannotBlowUp() {
        StringBuilder yaml = new StringBuilder("a0: &a0 {address: ':80'}\n");
        for (int i = 1; i < 30; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" {x: *a").append(i - 1)
                    .append(", y: *a").append(i - 1).append("}\n");
        }
        yaml.append("entryPoints:\n  web: *a29\n  other: *a29\n");
        assertThat(errors(yaml(yaml.toString()))).isNotEmpty();
    }

    @Test
    void hugeValuesAreShortenedInErrors() {
        String value = "x".repeat(100_000);
        for (String flag : List.of("--entryPoints.web.address=" + value, value, "--" + value + "=1",
                "--log.level=" + value)) {
            assertThat(errors(flags(flag))).isNotEmpty().allSatisfy(e -> assertThat(e.length()).isLessThan(2_000));
        }
    }

    @Test
    void fileProviderNeedsExactlyOneSource() {
        assertThat(errors(flags("--providers.file.watch=true"))).anySatisfy(e -> assertThat(e)
                .contains("either filename or directory"));
        assertThat(errors(flags("--providers.file.filename=a.yml", "--providers.file.directory=d")))
                .anySatisfy(e -> assertThat(e).contains("cannot both be set"));
    }

    @Test
    void references() {
        assertThat(errors(flags("--entryPoints.web.address=:80", "--ping.entryPoint=admin")))
                .anySatisfy(e -> assertThat(e).contains("ping.entryPoint").contains("no such entry point"));
        assertThat(errors(flags("--entryPoints.web.address=:80", "--entryPoints.web.http.redirections.entryPoint.to=websecure")))
                .anySatisfy(e -> assertThat(e).contains("redirections.entryPoint.to").contains("no such entry point"));
        assertThat(errors(flags("--entryPoints.web.address=:80", "--entryPoints.web.http.redirections.entryPoint.to=web")))
                .anySatisfy(e -> assertThat(e).contains("itself"));
        assertThat(errors(flags("--entryPoints.web.address=:80", "--entryPoints.web.http.redirections.entryPoint.scheme=https")))
                .anySatisfy(e -> assertThat(e).contains("to").contains("required"));
        // With manual routing, ping does not need (or add) an entry point.
        StaticConfig manual = ok(flags("--entryPoints.web.address=:80", "--ping.manualRouting=true"));
        assertThat(manual.entryPoints()).containsOnlyKeys("web");
    }

    @Test
    void redirectionOptions() {
        StaticConfig config = ok(flags("--entryPoints.web.address=:80", "--entryPoints.websecure.address=:443",
                "--entryPoints.web.http.redirections.entryPoint.to=WEBSECURE",
                "--entryPoints.web.http.redirections.entryPoint.scheme=HTTP",
                "--entryPoints.web.http.redirections.entryPoint.permanent=false",
                "--entryPoints.web.http.redirections.entryPoint.priority=10"));
        assertThat(config.entryPoints().get("web").redirection())
                .isEqualTo(new RedirectionConfig("websecure", "http", false, 10));
    }

    @Test
    void redirectionToABarePort() {
        StaticConfig config = ok(flags("--entryPoints.web.address=:80",
                "--entryPoints.web.http.redirections.entryPoint.to=:443"));
        assertThat(config.entryPoints().get("web").redirection().to()).isEqualTo(":443");
        for (String bad : List.of(":", ":0", ":70000", ":https", ":-1")) {
            assertThat(errors(flags("--entryPoints.web.address=:80", "--entryPoints.web.http.redirections.entryPoint.to=" + bad)))
                    .as(bad).anySatisfy(e -> assertThat(e).contains("a port such as ':443'"));
        }
    }

    @Test
    void harmlessKeysAreWarnings() {
        StaticDecodeResult result = flags("--global.checkNewVersion=false", "--log.noColor=true",
                "--providers.file.filename=x.yml", "--providers.file.debugLogGeneratedTemplate=true");
        ok(result);
        assertThat(result.warnings()).extracting(ConfigError::path).containsExactly(
                "providers.file.debugLogGeneratedTemplate", "log.noColor", "global.checkNewVersion");
    }
}
