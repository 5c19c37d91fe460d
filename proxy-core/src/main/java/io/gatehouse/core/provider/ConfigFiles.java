package io.gatehouse.core.provider;

import io.gatehouse.core.config.CertificateFiles;
import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.HttpConfig;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.TlsConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.config.decode.Validator;
import io.gatehouse.core.pipeline.ConfigChecks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads a file, or every .yml/.yaml/.toml/.json file of a directory tree, into one configuration:
 * decoded, merged (a name defined in two files is an error naming both), and checked for
 * references that do not resolve inside it. Hidden entries ({@code .git}, Kubernetes' {@code ..data})
 * are skipped, symbolic links followed.
 */
final class ConfigFiles {

    /** At most this many bytes per file: a guard against pointing the provider at the wrong file. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;

    private ConfigFiles() {
    }

    /** Whether {@code path} is missing (a deleted file or directory). */
    static boolean missing(Path path) {
        return !Files.exists(path);
    }

    static DecodeResult read(Path path, ConfigDecoder decoder) {
        if (!Files.exists(path)) {
            return failed(path.toString(), "no such file or directory");
        }
        if (Files.isDirectory(path)) {
            return readDirectory(path, decoder);
        }
        List<ConfigError> errors = new ArrayList<>();
        String source = path.toString();
        if (Format.forFileName(source).isEmpty()) {
            errors.add(new ConfigError(null, null, "unsupported file type; expected a .yml, .yaml, .toml or .json file",
                    SourceLocation.of(source)));
            return new DecodeResult(null, List.of(), errors);
        }
        return readFile(path, source, decoder, true);
    }

    private static DecodeResult readFile(Path path, String source, ConfigDecoder decoder, boolean checkReferences) {
        Format format = Format.forFileName(source).orElseThrow();
        String text;
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                return failed(source, "the file has " + size + " bytes; at most " + MAX_FILE_BYTES + " are read");
            }
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(path))).toString();
        } catch (NoSuchFileException e) {
            return failed(source, "no such file");
        } catch (CharacterCodingException e) {
            return failed(source, "the file is not UTF-8 text");
        } catch (IOException e) {
            return failed(source, "cannot read the file: " + e);
        }
        DecodeResult result = decoder.decode(text, format, source);
        if (!result.ok() || !checkReferences) {
            return result;
        }
        List<ConfigError> errors = new ArrayList<>();
        for (ConfigError error : checks(result.config())) {
            errors.add(located(error, source));
        }
        return new DecodeResult(errors.isEmpty() ? result.config() : null, result.warnings(), errors);
    }

    private static List<ConfigError> checks(DynamicConfig config) {
        List<ConfigError> errors = new ArrayList<>(Validator.references(config));
        errors.addAll(ConfigChecks.check(config));
        return errors;
    }

    private static DecodeResult failed(String source, String message) {
        return new DecodeResult(null, List.of(), List.of(new ConfigError(null, null, message, SourceLocation.of(source))));
    }

    private static ConfigError located(ConfigError error, String source) {
        return error.location() != null ? error
                : new ConfigError(error.path(), error.value(), error.message(), SourceLocation.of(source));
    }

    private static DecodeResult readDirectory(Path dir, ConfigDecoder decoder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(p -> !p.equals(dir))
                    .filter(p -> !hidden(dir, p))
                    .filter(Files::isRegularFile)
                    .filter(p -> Format.forFileName(p.getFileName().toString()).isPresent())
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            return failed(dir.toString(), "cannot list the directory: " + e.getMessage());
        }
        Merger merger = new Merger();
        List<ConfigError> errors = new ArrayList<>();
        List<ConfigError> warnings = new ArrayList<>();
        for (Path file : files) {
            String source = file.toString();
            // References are checked on the merged result: another file may define them.
            DecodeResult result = readFile(file, source, decoder, false);
            warnings.addAll(result.warnings());
            if (!result.ok()) {
                errors.addAll(result.errors());
                continue;
            }
            merger.add(result.config(), source, errors);
        }
        if (!errors.isEmpty()) {
            return new DecodeResult(null, warnings, errors);
        }
        DynamicConfig merged = merger.result();
        for (ConfigError error : checks(merged)) {
            errors.add(located(error, merger.sourceOf(error.path(), dir.toString())));
        }
        return new DecodeResult(errors.isEmpty() ? merged : null, warnings, errors);
    }

    private static boolean hidden(Path root, Path path) {
        for (Path part : root.relativize(path)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** Merges the files of a directory, remembering which file defined what. */
    private static final class Merger {
        private final Map<String, Map<String, Object>> sections = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<CertificateFiles> certificates = new ArrayList<>();

        void add(DynamicConfig config, String source, List<ConfigError> errors) {
            HttpConfig http = config.http();
            put("http.routers", http.routers(), source, errors);
            put("http.services", http.services(), source, errors);
            put("http.middlewares", http.middlewares(), source, errors);
            put("http.serversTransports", http.serversTransports(), source, errors);
            put("tls.options", config.tls().options(), source, errors);
            put("tls.stores", config.tls().stores(), source, errors);
            certificates.addAll(config.tls().certificates());
        }

        private void put(String section, Map<String, ?> items, String source, List<ConfigError> errors) {
            Map<String, Object> target = sections.computeIfAbsent(section, s -> new LinkedHashMap<>());
            items.forEach((name, value) -> {
                String path = section + "." + name;
                String first = sources.putIfAbsent(path, source);
                if (first != null) {
                    errors.add(new ConfigError(path, null, "defined in two files: " + first + " and " + source
                            + "; names must be unique across the directory", SourceLocation.of(source)));
                } else {
                    target.put(name, value);
                }
            });
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        DynamicConfig result() {
            Map routers = sections.getOrDefault("http.routers", Map.of());
            Map services = sections.getOrDefault("http.services", Map.of());
            Map middlewares = sections.getOrDefault("http.middlewares", Map.of());
            Map transports = sections.getOrDefault("http.serversTransports", Map.of());
            Map options = sections.getOrDefault("tls.options", Map.of());
            Map stores = sections.getOrDefault("tls.stores", Map.of());
            return new DynamicConfig(new HttpConfig(routers, services, middlewares, transports),
                    new TlsConfig(certificates, options, stores));
        }

        /** The file that defined the item an error path points into. */
        String sourceOf(String errorPath, String fallback) {
            if (errorPath != null) {
                for (Map.Entry<String, String> entry : sources.entrySet()) {
                    if (errorPath.startsWith(entry.getKey() + ".") || errorPath.equals(entry.getKey())) {
                        return entry.getValue();
                    }
                }
            }
            return fallback;
        }
    }
}
