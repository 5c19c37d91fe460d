package io.gatehouse.middleware.buffering;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 50 MiB request and a 50 MiB response through buffering (1 MiB in memory) in a JVM whose whole heap is smaller
 * than one body: neither can have been held on the heap.
 */
@Timeout(300)
class BufferingSmallHeapTest {

    private static final String HEAP = "-Xmx32m";

    @TempDir
    Path spillDir;

    @TempDir
    Path logDir;

    @Test
    void bodiesLargerThanTheHeapPassByteExact() throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(javaBin, HEAP, "-cp", System.getProperty("java.class.path"),
                SmallHeapSpill.class.getName(), spillDir.toString())
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve("child.log").toFile())
                .start();
        boolean ended = process.waitFor(240, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        File log = logDir.resolve("child.log").toFile();
        List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
        assertThat(ended).as(String.join("\n", lines)).isTrue();
        assertThat(process.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).as(String.join("\n", lines)).contains("upload 200 true", "download 200 true", "spilled 2", "left 0");
        long maxHeap = lines.stream().filter(l -> l.startsWith("max heap ")).mapToLong(l -> Long.parseLong(l.substring(9)))
                .findFirst().orElseThrow();
        assertThat(maxHeap).isLessThan(SmallHeapSpill.SIZE);
    }
}
