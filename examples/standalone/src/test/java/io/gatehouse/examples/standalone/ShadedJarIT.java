package io.gatehouse.examples.standalone;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link GracefulStopTest}'s scenarios against the runnable jar itself
 * ({@code target/gatehouse.jar}, built by {@code package}), as a user starts it.
 */
class ShadedJarIT extends GracefulStopTest {

    private static Path jar() {
        String path = System.getProperty(JAR_PROPERTY);
        assertThat(path).as("system property " + JAR_PROPERTY + " (set by the failsafe plugin)").isNotNull();
        assertThat(Files.isRegularFile(Path.of(path))).as(path).isTrue();
        return Path.of(path);
    }

    @Override
    List<String> proxyCommand() {
        return List.of(java(), "-jar", jar().toString());
    }

    @Test
    void versionAndCheckFromTheJar() throws Exception {
        startProxy("version");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout).anySatisfy(line -> assertThat(line).matches("Version: +\\d+\\.\\d+\\.\\d+.*"));

        startProxy("check", "--entryPoints.web.address=:8000", "--api.dashboard=true");
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        assertThat(stderr).anySatisfy(line -> assertThat(line).contains("'api' is not supported yet"));
    }
}
