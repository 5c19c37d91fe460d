package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.DecodeResult;
import io.gatehouse.core.config.decode.StaticDecodeResult;
import io.gatehouse.core.config.statics.FileProviderConfig;
import io.gatehouse.core.config.statics.StaticConfig;
import io.gatehouse.core.provider.FileProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse check}: reads the static configuration and what the file provider would serve
 * ({@link FileProvider#readOnce}), without listening or connecting; prints every error and warning,
 * and exits 1 when there is an error.
 */
@Command(name = "check", description = "Validate the static and dynamic configuration offline; exit 1 on any error.")
final class CheckCommand implements Callable<Integer> {

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    @Mixin
    StaticOptions options = new StaticOptions();

    /** Traefik static flags, checked by the static configuration decoder. */
    @Unmatched
    List<String> flags = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    CheckCommand(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        StaticDecodeResult result = options.load(env, flags);
        StaticOptions.print("warning: ", result.warnings(), err);
        if (!result.ok()) {
            StaticOptions.print("error: ", result.errors(), err);
            out.println("static configuration: " + count(result.errors().size()) + "; dynamic configuration not checked");
            return Main.FAILED;
        }
        StaticConfig config = result.config();
        List<ConfigError> dockerErrors = DockerOptions.errors(config);
        if (!dockerErrors.isEmpty()) {
            StaticOptions.print("error: ", dockerErrors, err);
            out.println("static configuration: " + count(dockerErrors.size()) + "; dynamic configuration not checked");
            return Main.FAILED;
        }
        out.println("static configuration: OK (entry points: " + String.join(", ", config.entryPoints().keySet())
                + (config.ping() != null ? "; ping on " + config.ping().entryPoint() : "") + ")");
        if (config.providers().file() == null) {
            out.println("dynamic configuration: none (providers.file is not set)");
            return Main.OK;
        }
        FileProviderConfig file = config.providers().file();
        Path path = Path.of(file.filename() != null ? file.filename() : file.directory());
        if (file.directory() != null && !Files.isDirectory(path)) {
            err.println("error: " + new ConfigError("providers.file.directory", file.directory(),
                    Files.exists(path) ? "not a directory" : "no such directory"));
            out.println(path + ": 1 error");
            return Main.FAILED;
        }
        // What the file provider would serve: every file decoded, merged, references resolved.
        DecodeResult dynamic = FileProvider.readOnce(path);
        StaticOptions.print("warning: ", dynamic.warnings(), err);
        List<ConfigError> errors = new ArrayList<>(dynamic.errors());
        if (errors.isEmpty()) {
            errors.addAll(RuleCheck.errors(dynamic.config(), path.toString()));
        }
        StaticOptions.print("error: ", errors, err);
        if (!errors.isEmpty()) {
            out.println(path + ": " + count(errors.size()));
            return Main.FAILED;
        }
        DynamicConfig d = dynamic.config();
        out.println(path + ": OK (" + d.http().routers().size() + " routers, "
                + d.http().services().size() + " services, " + d.http().middlewares().size() + " middlewares)");
        return Main.OK;
    }

    private static String count(int errors) {
        return errors == 1 ? "1 error" : errors + " errors";
    }
}
