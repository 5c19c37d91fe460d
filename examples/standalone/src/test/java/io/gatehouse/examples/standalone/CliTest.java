package io.gatehouse.examples.standalone;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands that end by themselves (check, version, bad command lines), run in-process. */
class CliTest {

    @TempDir
    Path dir;

    private String out;
    private String err;

    private int run(Map<String, String> env, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = Main.execute(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), env);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private int run(String... args) {
        return run(Map.of(), args);
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static final String GOOD_DYNAMIC = """
            http:
              routers:
                app:
                  rule: "Host(`example.com`)"
                  service: app
              services:
                app:
                  loadBalancer:
                    servers:
                      - url: "http://127.0.0.1:9000"
            """;

    @Test
    void versionPrintsTheProjectVersion() {
        assertThat(run("version")).isZero();
        assertThat(out).containsPattern("Version: +\\d+\\.\\d+\\.\\d+").contains("Java version:");
    }

    @Test
    void checkValidatesDockerProviderOptions() throws IOException {
        Path config = write("traefik.yml", """
                entryPoints:
                  web:
                    address: ':8000'
                providers:
                  docker:
                    exposedbydefault: maybe
                    endpont: unix:///var/run/docker.sock
                """);
        assertThat(run("check", "--configFile=" + config)).isEqualTo(1);
        assertThat(err).contains("providers.docker.exposedByDefault: expected true or false")
                .contains("providers.docker.endpont: unknown option (did you mean 'endpoint'?)");
        assertThat(run("check", "--configFile=" + config, "--providers.docker.exposedByDefault=false",
                "--providers.docker.endpont=")).isEqualTo(1);

        Path good = write("good.yml", "entryPoints:\n  web:\n    address: ':8000'\nproviders:\n  docker:\n"
                + "    exposedByDefault: false\n    network: proxy\n");
        assertThat(run("check", "--configFile=" + good)).isZero();
        assertThat(err).isEmpty();
    }

    @Test
    void checkAcceptsAGoodConfiguration() throws IOException {
        Path dynamic = write("dynamic.yml", GOOD_DYNAMIC);
        Path config = write("traefik.yml", "entryPoints:\n  web:\n    address: ':8000'\nproviders:\n  file:\n"
                + "    filename: " + dynamic + "\n");
        assertThat(run("check", "--configFile=" + config)).isZero();
        assertThat(out).contains("static configuration: OK (entry points: web)")
                .contains(dynamic + ": OK (1 routers, 1 services, 0 middlewares)");
        assertThat(err).isEmpty();
    }

    @Test
    void checkReportsEveryErrorOfABadDynamicFileWithItsLine() throws IOException {
        Path dynamic = write("dynamic.yml", """
                http:
                  routers:
                    app:
                      rule: "Host(`example.com`)"
                      service: app
                      priorty: 3
                    broken:
                      rule: "Host(`example.com`"
                      service: app
                  services:
                    app:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:9000"
                """);
        int code = run("check", "--entryPoints.web.address=:8000", "--providers.file.filename=" + dynamic);
        assertThat(code).isEqualTo(1);
        assertThat(err).contains("error: " + dynamic + ":6").contains("did you mean 'priority'?");
        assertThat(out).contains(dynamic + ": 1 error");

        // Rules compile only once the file decodes; check reports their errors too.
        Files.writeString(dynamic, Files.readString(dynamic).replace("      priorty: 3\n", ""));
        assertThat(run("check", "--entryPoints.web.address=:8000", "--providers.file.filename=" + dynamic)).isEqualTo(1);
        assertThat(err).contains("error: " + dynamic + ": http.routers.broken.rule");
        assertThat(out).contains(dynamic + ": 1 error");
    }

    @Test
    void checkReadsADirectoryRecursively() throws IOException {
        write("conf/a.yml", GOOD_DYNAMIC);
        write("conf/sub/b.toml", "[http.routers.b]\nrule = \"Path(`/b`)\"\nservice = \"nowhere\"\nbad = 1\n");
        write("conf/notes.txt", "not configuration");
        int code = run("check", "--entryPoints.web.address=:8000", "--providers.file.directory=" + dir.resolve("conf"));
        assertThat(code).isEqualTo(1);
        assertThat(out).contains(dir.resolve("conf") + ": ").doesNotContain("notes.txt");
        assertThat(err).contains("b.toml").contains("unknown key 'bad'");

        // Fixed, the files are merged as the provider serves them; a name in two files is an error.
        write("conf/sub/b.toml", "[http.routers.b]\nrule = \"Path(`/b`)\"\nservice = \"app\"\n");
        assertThat(run("check", "--entryPoints.web.address=:8000", "--providers.file.directory=" + dir.resolve("conf")))
                .isZero();
        assertThat(out).contains(dir.resolve("conf") + ": OK (2 routers, 1 services, 0 middlewares)");
        write("conf/c.yml", GOOD_DYNAMIC);
        assertThat(run("check", "--entryPoints.web.address=:8000", "--providers.file.directory=" + dir.resolve("conf")))
                .isEqualTo(1);
        assertThat(err).contains("defined in two files");
    }

    @Test
    void checkReportsMissingFilesAndBadStaticConfiguration() throws IOException {
        assertThat(run("check", "--entryPoints.web.address=:8000", "--providers.file.filename=" + dir.resolve("nope.yml")))
                .isEqualTo(1);
        assertThat(err).contains("nope.yml").contains("no such file");

        assertThat(run("check", "--configFile=" + dir.resolve("missing.yml"))).isEqualTo(1);
        assertThat(err).contains("missing.yml").contains("cannot read the configuration file: no such file");

        Path notYaml = write("traefik.ini", "x=1");
        assertThat(run("check", "--configFile=" + notYaml)).isEqualTo(1);
        assertThat(err).contains("must end in .yml, .yaml, .toml or .json");

        assertThat(run("check", "--entryPoints.web.address=nowhere", "--metrics.prometheus=true")).isEqualTo(1);
        assertThat(err).contains("entryPoints.web.address").contains("'metrics' is not supported yet");
        assertThat(out).contains("static configuration: 2 errors");
    }

    @Test
    void environmentVariablesAndTheConfigFileVariable() throws IOException {
        Path config = write("traefik.yml", "entryPoints:\n  web:\n    address: ':8000'\n");
        assertThat(run(Map.of("GATEHOUSE_CONFIGFILE", config.toString(), "GATEHOUSE_PING", "true",
                "GATEHOUSE_PING_ENTRYPOINT", "web"), "check")).isZero();
        assertThat(out).contains("entry points: web; ping on web");
        // Flags win over the environment.
        assertThat(run(Map.of("GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS", "bad"), "check", "--entryPoints.web.address=:1"))
                .isZero();
        assertThat(run(Map.of("GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS", "bad"), "check")).isEqualTo(1);
        assertThat(err).contains("environment variable GATEHOUSE_ENTRYPOINTS_WEB_ADDRESS");
    }

    @Test
    void badCommandLinesExitWithTwo() {
        assertThat(run("--entryPoints.web.adress=:80")).isEqualTo(2);
        assertThat(err).contains("did you mean 'address'?");
        assertThat(run("--log.level=LOUD", "--entryPoints.web.address=:0")).isEqualTo(2);
        assertThat(err).contains("log.level");
        assertThat(run("--entryPoints.web.address=:0", "stray")).isEqualTo(2);
        assertThat(err).contains("expected a flag like --entryPoints.web.address=:8080 (got 'stray')");
        assertThat(run("--port=8080")).isEqualTo(2);
        assertThat(err).contains("--port is for --demo");
        assertThat(run("--demo", "--entryPoints.web.address=:0")).isEqualTo(2);
        assertThat(run("--demo", "--port=70000")).isEqualTo(2);
        assertThat(run("--configFile")).isEqualTo(2);
        assertThat(err).contains("Missing required parameter");
    }

    @Test
    void optionsAreCaseInsensitiveLikeTraefik() throws IOException {
        Path config = write("traefik.yml", "entryPoints:\n  web:\n    address: ':8000'\n");
        assertThat(run("check", "--configfile=" + config)).isZero();
    }

    @Test
    void helpListsTheCommands() {
        assertThat(run("--help")).isZero();
        assertThat(out).contains("check").contains("version").contains("--configFile").contains("--demo");
    }
}
