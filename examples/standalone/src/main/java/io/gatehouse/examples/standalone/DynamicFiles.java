package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.config.statics.FileProviderConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the file provider's files once: the one {@code filename}, or every {@code .yml},
 * {@code .yaml}, {@code .toml} and {@code .json} file under {@code directory} (recursively, in
 * name order, as Traefik does). Used by {@code check}.
 */
final class DynamicFiles {

    /** One file and what decoding it gave; {@code result} is null when the file could not be read. */
    record FileResult(Path file, DecodeResult result, ConfigError readError) {
        List<ConfigError> errors() {
            return readError != null ? List.of(readError) : result.errors();
        }
    }

    private DynamicFiles() {
    }

    static List<FileResult> read(FileProviderConfig provider, ConfigDecoder decoder) {
        if (provider.filename() != null) {
            return List.of(readFile(Path.of(provider.filename()), decoder));
        }
        Path dir = Path.of(provider.directory());
        if (!Files.isDirectory(dir)) {
            return List.of(new FileResult(dir, null, new ConfigError("providers.file.directory", provider.directory(),
                    Files.exists(dir) ? "not a directory" : "no such directory", SourceLocation.of(dir.toString()))));
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> Format.forFileName(p.getFileName().toString()).isPresent())
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of(new FileResult(dir, null, new ConfigError("providers.file.directory", provider.directory(),
                    "cannot list the directory: " + StaticConfigLoader.describe(e), SourceLocation.of(dir.toString()))));
        }
        List<FileResult> results = new ArrayList<>();
        files.forEach(f -> results.add(readFile(f, decoder)));
        return results;
    }

    private static FileResult readFile(Path file, ConfigDecoder decoder) {
        String name = file.toString();
        Format format = Format.forFileName(name).orElse(null);
        if (format == null) {
            return new FileResult(file, null, new ConfigError("providers.file.filename", name,
                    "a dynamic configuration file must end in .yml, .yaml, .toml or .json", SourceLocation.of(name)));
        }
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return new FileResult(file, decoder.decode(content, format, name), null);
        } catch (IOException | RuntimeException e) {
            return new FileResult(file, null, new ConfigError("", null, "cannot read the file: "
                    + StaticConfigLoader.describe(e), SourceLocation.of(name)));
        }
    }
}
