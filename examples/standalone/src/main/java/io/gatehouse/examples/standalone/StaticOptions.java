package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.decode.StaticDecodeResult;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The options every configuration-reading command takes: the file and Traefik-style flags. */
final class StaticOptions {

    @Option(names = "--configFile", paramLabel = "FILE",
            description = "Static configuration file (traefik.yml, .toml or .json).")
    Path configFile;

    /**
     * Loads the configuration; {@code flags} are the command's unmatched arguments (picocli collects
     * those only on the command itself, not in a mixin): Traefik flags such as --entryPoints.web.address=:8080.
     */
    StaticDecodeResult load(Map<String, String> env, List<String> flags) {
        return StaticConfigLoader.load(configFile, env, flags);
    }

    static void print(String prefix, List<ConfigError> problems, PrintStream err) {
        problems.forEach(p -> err.println(prefix + p));
    }
}
