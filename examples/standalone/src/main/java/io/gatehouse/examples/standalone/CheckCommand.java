package io.gatehouse.examples.standalone;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.StaticDecodeResult;
import io.gatehouse.core.config.statics.StaticConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code gatehouse check}: reads the static configuration and every dynamic configuration file the
 * file provider names, without listening or connecting; prints every error and warning, and exits
 * 1 when there is an error.
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
        out.println("static configuration: OK (entry points: " + String.join(", ", config.entryPoints().keySet())
                + (config.ping() != null ? "; ping on " + config.ping().entryPoint() : "") + ")");
        if (config.providers().file() == null) {
            out.println("dynamic configuration: none (providers.file is not set)");
            return Main.OK;
        }
        int errors = 0;
        List<DynamicFiles.FileResult> files = DynamicFiles.read(config.providers().file(), ConfigDecoder.create());
        if (files.isEmpty()) {
            out.println("dynamic configuration: no .yml, .yaml, .toml or .json files in "
                    + config.providers().file().directory());
        }
        for (DynamicFiles.FileResult file : files) {
            if (file.result() != null) {
                StaticOptions.print("warning: ", file.result().warnings(), err);
            }
            List<ConfigError> fileErrors = new java.util.ArrayList<>(file.errors());
            if (fileErrors.isEmpty()) {
                fileErrors.addAll(RuleCheck.errors(file.result().config(), file.file().toString()));
            }
            StaticOptions.print("error: ", fileErrors, err);
            errors += fileErrors.size();
            if (fileErrors.isEmpty()) {
                DynamicConfig d = file.result().config();
                out.println(file.file() + ": OK (" + d.http().routers().size() + " routers, "
                        + d.http().services().size() + " services, " + d.http().middlewares().size() + " middlewares)");
            } else {
                out.println(file.file() + ": " + count(fileErrors.size()));
            }
        }
        return errors == 0 ? Main.OK : Main.FAILED;
    }

    private static String count(int errors) {
        return errors == 1 ? "1 error" : errors + " errors";
    }
}
