package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.SourceLocation;
import io.gatehouse.core.config.decode.Format;
import io.gatehouse.core.config.decode.StaticConfigDecoder;
import io.gatehouse.core.config.decode.StaticDecodeResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the static configuration from its three sources: the file ({@code --configFile}, or the
 * {@code GATEHOUSE_CONFIGFILE} / {@code TRAEFIK_CONFIGFILE} variable), the environment, and the
 * flags; flags override the environment, which overrides the file.
 */
final class StaticConfigLoader {

    private static final List<String> CONFIG_FILE_VARIABLES = List.of(
            StaticConfigDecoder.ENV_PREFIX + "CONFIGFILE", StaticConfigDecoder.TRAEFIK_ENV_PREFIX + "CONFIGFILE");
    /** A static file larger than this is certainly not one. */
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    private StaticConfigLoader() {
    }

    static StaticDecodeResult load(Path configFile, Map<String, String> env, List<String> flags) {
        Map<String, String> variables = new LinkedHashMap<>(env);
        Path file = configFile;
        for (String name : CONFIG_FILE_VARIABLES) {
            String value = variables.remove(name);
            if (file == null && value != null && !value.isBlank()) {
                file = Path.of(value);
            }
        }
        StaticConfigDecoder decoder = StaticConfigDecoder.create();
        if (file != null) {
            String name = file.toString();
            Format format = Format.forFileName(name).orElse(null);
            if (format == null) {
                return failed(name, "a configuration file must end in .yml, .yaml, .toml or .json");
            }
            try {
                if (Files.size(file) > MAX_FILE_BYTES) {
                    return failed(name, "larger than " + MAX_FILE_BYTES + " bytes; not a static configuration file");
                }
                decoder.file(Files.readString(file, StandardCharsets.UTF_8), format, name);
            } catch (IOException | RuntimeException e) {
                return failed(name, "cannot read the configuration file: " + describe(e));
            }
        }
        return decoder.environment(variables).flags(flags).decode();
    }

    private static StaticDecodeResult failed(String file, String message) {
        return new StaticDecodeResult(null, List.of(),
                List.of(new ConfigError("", null, message, SourceLocation.of(file))));
    }

    static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
