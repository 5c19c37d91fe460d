package io.gatehouse.core.provider;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.middleware.MiddlewareTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class FileProviderTest {

    @TempDir
    Path dir;

    private final List<FileProvider> providers = new ArrayList<>();

    @AfterEach
    void close() {
        providers.forEach(FileProvider::close);
    }

    private static String router(String name, String path) {
        return """
                http:
                  routers:
                    %s:
                      rule: "Path(`%s`)"
                      service: svc-%s
                  services:
                    svc-%s:
                      loadBalancer:
                        servers:
                          - url: "http://127.0.0.1:9000"
                """.formatted(name, path, name, name);
    }

    private RecordingSink started(FileProvider provider) {
        providers.add(provider);
        RecordingSink sink = new RecordingSink();
        provider.debounce(Duration.ofMillis(20)).start(sink);
        return sink;
    }

    @Test
    void readsOneFileAndFollowsItsChanges() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "/a"));
        RecordingSink sink = started(FileProvider.watching(file));
        assertThat(sink.next().config().http().routers()).containsOnlyKeys("a");

        Files.writeString(file, router("b", "/b"));
        sink.nextWithRouters("b");
    }

    @Test
    void aHalfWrittenFileIsRejectedAndReadAgainOnTheNextChange() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "/a"));
        RecordingSink sink = started(FileProvider.watching(file));
        sink.nextWithRouters("a");

        String full = router("b", "/b");
        Files.writeString(file, full.substring(0, full.indexOf("loadBalancer") + 5));
        List<ConfigError> errors = sink.nextRejection();
        assertThat(errors).isNotEmpty();
        assertThat(errors.get(0).location().source()).isEqualTo(file.toString());

        Files.writeString(file, full);
        sink.nextWithRouters("b");
    }

    @Test
    void aDeletedFileRemovesItsConfiguration() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "/a"));
        RecordingSink sink = started(FileProvider.watching(file));
        sink.nextWithRouters("a");

        Files.delete(file);
        assertThat(sink.nextWithRouters()).isEqualTo(DynamicConfig.EMPTY);
    }

    @Test
    void anAtomicRenameIsSeen() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "/a"));
        RecordingSink sink = started(FileProvider.watching(file));
        sink.nextWithRouters("a");

        Path temp = dir.resolve(".dynamic.yml.tmp");
        Files.writeString(temp, router("renamed", "/r"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sink.nextWithRouters("renamed");
    }

    @Test
    void aKubernetesConfigMapSymlinkSwapIsSeen() throws Exception {
        // The kubelet's layout: config.yml -> ..data/config.yml, ..data -> ..<timestamp>/, swapped by renaming a new link.
        Path mount = Files.createDirectory(dir.resolve("mount"));
        Path first = Files.createDirectory(mount.resolve("..2026_01_01_v1"));
        Files.writeString(first.resolve("config.yml"), router("v1", "/v1"));
        Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(mount.resolve("config.yml"), Path.of("..data/config.yml"));
        RecordingSink sink = started(FileProvider.watching(mount.resolve("config.yml")));
        sink.nextWithRouters("v1");

        Path second = Files.createDirectory(mount.resolve("..2026_01_01_v2"));
        Files.writeString(second.resolve("config.yml"), router("v2", "/v2"));
        Path tmpLink = Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
        Files.move(tmpLink, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        sink.nextWithRouters("v2");
    }

    @Test
    void aDirectoryIsMergedAndFollowed() throws Exception {
        Files.writeString(dir.resolve("a.yml"), router("a", "/a"));
        Files.writeString(dir.resolve("b.toml"), """
                [http.routers.b]
                rule = "Path(`/b`)"
                service = "svc-a"
                """);
        Files.writeString(dir.resolve("notes.txt"), "not configuration");
        Files.createDirectory(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git").resolve("x.yml"), "broken: [");
        RecordingSink sink = started(FileProvider.directory(dir));
        DynamicConfig config = sink.next().config();
        assertThat(config.http().routers()).containsOnlyKeys("a", "b");
        assertThat(config.http().services()).containsOnlyKeys("svc-a");

        Files.writeString(dir.resolve("c.json"), """
                {"http": {"routers": {"c": {"rule": "Path(`/c`)", "service": "svc-a"}}}}
                """);
        sink.nextWithRouters("a", "b", "c");
        Files.delete(dir.resolve("b.toml"));
        sink.nextWithRouters("a", "c");
    }

    @Test
    void theSameNameInTwoFilesIsAnErrorNamingBoth() throws Exception {
        Files.writeString(dir.resolve("a.yml"), router("a", "/a"));
        Files.writeString(dir.resolve("b.yml"), router("a", "/other"));
        DecodeResult result = FileProvider.readOnce(dir, MiddlewareTypes.none());
        assertThat(result.ok()).isFalse();
        assertThat(result.errors()).extracting(ConfigError::toString)
                .anySatisfy(e -> assertThat(e).contains("http.routers.a").contains("a.yml").contains("b.yml"));
    }

    @Test
    void referencesResolveAcrossTheFilesOfADirectoryAndMissingOnesNameTheFile() throws Exception {
        Files.writeString(dir.resolve("routers.yml"), """
                http:
                  routers:
                    web:
                      rule: "Path(`/`)"
                      service: shared
                      middlewares: [missing]
                """);
        Files.writeString(dir.resolve("services.yml"), """
                http:
                  services:
                    shared:
                      loadBalancer:
                        servers: [{url: "http://127.0.0.1:9000"}]
                """);
        DecodeResult result = FileProvider.readOnce(dir, MiddlewareTypes.none());
        assertThat(result.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("http.routers.web.middlewares[0]");
            assertThat(e.location().source()).endsWith("routers.yml");
        });
    }

    @Test
    void readOnceReportsDecodeErrorsWithFileAndLine() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, """
                http:
                  routers:
                    web:
                      rlue: "Path(`/`)"
                      service: svc
                """);
        DecodeResult result = FileProvider.readOnce(file, MiddlewareTypes.none());
        assertThat(result.errors()).extracting(ConfigError::toString)
                .anySatisfy(e -> assertThat(e).contains("dynamic.yml:4").contains("rlue"));
    }

    @Test
    void missingAndUnsupportedFilesAreClearErrors() throws Exception {
        assertThat(FileProvider.readOnce(dir.resolve("nope.yml"), MiddlewareTypes.none()).errors())
                .singleElement().satisfies(e -> assertThat(e.toString()).contains("nope.yml").contains("no such file"));
        Path ini = Files.writeString(dir.resolve("dynamic.ini"), "x=1");
        assertThat(FileProvider.readOnce(ini, MiddlewareTypes.none()).errors())
                .singleElement().satisfies(e -> assertThat(e.toString()).contains("unsupported file type"));
        Path binary = dir.resolve("binary.yml");
        Files.write(binary, new byte[]{(byte) 0xff, (byte) 0xfe, 0x00});
        assertThat(FileProvider.readOnce(binary, MiddlewareTypes.none()).errors())
                .singleElement().satisfies(e -> assertThat(e.toString()).contains("not UTF-8"));
    }

    @Test
    void withoutWatchTheFileIsReadOnce() throws Exception {
        Path file = dir.resolve("dynamic.yml");
        Files.writeString(file, router("a", "/a"));
        RecordingSink sink = started(FileProvider.watching(file).watch(false));
        assertThat(sink.next().config().http().routers()).containsOnlyKeys("a");
        assertThat(providers.get(0).name()).isEqualTo("file");
    }
}
