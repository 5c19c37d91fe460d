package io.gatehouse.examples.standalone;

import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The standalone proxy's entry point: {@code gatehouse [--configFile=F] [--flags...]} runs the
 * proxy, {@code gatehouse check} validates the configuration offline, {@code gatehouse version}
 * prints the version, {@code gatehouse --demo} starts a self-contained demo.
 */
public final class Main {

    /** Exit codes: 0 fine, 1 the configuration is invalid or the proxy failed, 2 bad command line. */
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private Main() {
    }

    public static void main(String[] args) {
        int code = execute(args, System.out, System.err, System.getenv());
        System.exit(code);
    }

    /** Runs a command and returns its exit code; {@code env} stands in for the process environment. */
    static int execute(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        CommandLine cli = new CommandLine(new RunCommand(env, out, err))
                .addSubcommand("check", new CheckCommand(env, out, err))
                .addSubcommand("version", new VersionCommand(out))
                .setOptionsCaseInsensitive(true)
                .setUnmatchedOptionsArePositionalParams(false)
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> {
                    err.println("gatehouse: " + e);
                    return FAILED;
                });
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("gatehouse: " + e.getMessage());
            e.getCommandLine().usage(err);
            return USAGE;
        });
        return cli.execute(args);
    }
}
