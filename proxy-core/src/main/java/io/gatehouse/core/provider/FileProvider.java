package io.gatehouse.core.provider;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.middleware.MiddlewareTypes;
import io.gatehouse.core.pipeline.ChainMiddlewareType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Traefik's file provider: dynamic configuration from one file ({@code filename}) or from every
 * .yml/.yaml/.toml/.json file under a directory ({@code directory}), merged. Its name is {@code file},
 * so its routers are {@code name@file}.
 *
 * <p>With {@code watch} (the default) the directory holding the file is watched; after a change and
 * {@link #debounce(Duration) a quiet period}, everything is read again. A file caught half-written,
 * or invalid, is rejected (its errors are reported, the last good configuration keeps serving) and
 * read again on the next change. A deleted file removes its configuration. Atomic renames and
 * symbolic-link swaps (Kubernetes ConfigMaps) are events in the watched directory, so they are seen.
 */
public final class FileProvider implements Provider {

    private static final Logger log = LoggerFactory.getLogger(FileProvider.class);

    private final Path path;
    private final boolean directory;
    private boolean watch = true;
    private Duration debounce = Duration.ofMillis(100);
    private String name = "file";
    private MiddlewareTypes middlewareTypes;
    private volatile WatchService watcher;
    private Thread thread;

    private FileProvider(Path path, boolean directory) {
        this.path = Objects.requireNonNull(path, "path");
        this.directory = directory;
    }

    /** {@code filename}: one file, watched. */
    public static FileProvider watching(Path file) {
        return new FileProvider(file, false);
    }

    /** {@code directory}: every configuration file under it, merged, watched. */
    public static FileProvider directory(Path dir) {
        return new FileProvider(dir, true);
    }

    /** Whether changes are followed (default true); without, the configuration is read once at start. */
    public FileProvider watch(boolean watch) {
        this.watch = watch;
        return this;
    }

    /** How long the files must stay unchanged after an event before they are read (default 100ms). */
    public FileProvider debounce(Duration debounce) {
        Objects.requireNonNull(debounce, "debounce");
        if (debounce.isNegative()) {
            throw new IllegalArgumentException("debounce must not be negative, got " + debounce);
        }
        this.debounce = debounce;
        return this;
    }

    /** Another provider name than {@code file}, to run several file providers side by side. */
    public FileProvider named(String name) {
        if (name == null || name.isBlank() || name.indexOf('@') >= 0) {
            throw new IllegalArgumentException("a provider name must be non-empty and without '@', got '" + name + "'");
        }
        this.name = name;
        return this;
    }

    /** The middleware types to decode with (default: those of the Gatehouse it runs in). */
    public FileProvider middlewareTypes(MiddlewareTypes types) {
        this.middlewareTypes = Objects.requireNonNull(types, "types");
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Reads, decodes and checks a file or directory without serving it, for an offline
     * {@code check}: the result holds every error (with file:line) and warning.
     */
    public static DecodeResult readOnce(Path fileOrDirectory) {
        return readOnce(fileOrDirectory, MiddlewareTypes.load());
    }

    public static DecodeResult readOnce(Path fileOrDirectory, MiddlewareTypes types) {
        return ConfigFiles.read(fileOrDirectory, ConfigDecoder.create(ChainMiddlewareType.withChain(types)));
    }

    @Override
    public synchronized void start(ConfigSink sink) {
        if (thread != null) {
            throw new IllegalStateException("already started");
        }
        ConfigDecoder decoder = ConfigDecoder.create(middlewareTypes != null
                ? ChainMiddlewareType.withChain(middlewareTypes) : sink.middlewareTypes());
        send(sink, decoder, false);
        if (!watch) {
            return;
        }
        try {
            watcher = FileSystems.getDefault().newWatchService();
            register();
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + path + ": " + e.getMessage(), e);
        }
        thread = new Thread(() -> watchLoop(sink, decoder), "gatehouse-file-provider");
        thread.setDaemon(true);
        thread.start();
    }

    private void send(ConfigSink sink, ConfigDecoder decoder, boolean watching) {
        if (watching && ConfigFiles.missing(path)) {
            log.info("{} was deleted; its configuration is removed", path);
            sink.publish(DynamicConfig.EMPTY);
            return;
        }
        DecodeResult result = ConfigFiles.read(path, decoder);
        result.warnings().forEach(warning -> log.warn("{}", warning));
        if (result.ok()) {
            sink.publish(result.config());
        } else {
            sink.reject(result.errors());
        }
    }

    /**
     * Watches the directory of the file (or the directory and its subdirectories), and the real
     * directories symbolic links point into. Registering again is harmless.
     */
    private void register() throws IOException {
        Set<Path> dirs = new HashSet<>();
        Path base = directory ? path : path.toAbsolutePath().getParent();
        if (base != null && Files.isDirectory(base)) {
            dirs.add(base);
        }
        if (directory && Files.isDirectory(path)) {
            try (Stream<Path> walk = Files.walk(path, 8)) {
                walk.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("..")).forEach(dirs::add);
            } catch (IOException | RuntimeException e) {
                log.debug("cannot list {}: {}", path, e.toString());
            }
        } else if (Files.exists(path)) {
            Path real = path.toRealPath();
            if (real.getParent() != null) {
                dirs.add(real.getParent());
            }
        }
        for (Path dir : dirs) {
            dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        }
    }

    private void watchLoop(ConfigSink sink, ConfigDecoder decoder) {
        WatchService service = watcher;
        try {
            while (true) {
                drain(service.take());
                WatchKey more;
                while ((more = service.poll(Math.max(1, debounce.toMillis()), TimeUnit.MILLISECONDS)) != null) {
                    drain(more); // still changing: wait for quiet
                }
                try {
                    register(); // new subdirectories, a new symlink target
                } catch (IOException e) {
                    log.debug("cannot watch {}: {}", path, e.toString());
                }
                send(sink, decoder, true);
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        } catch (RuntimeException e) {
            log.error("watching {} failed; changes are no longer followed", path, e);
            sink.reject(List.of(new ConfigError(null, null, "watching " + path + " failed: " + e)));
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    @Override
    public synchronized void close() {
        WatchService service = watcher;
        if (service != null) {
            try {
                service.close();
            } catch (IOException e) {
                log.debug("closing the watch service failed", e);
            }
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
