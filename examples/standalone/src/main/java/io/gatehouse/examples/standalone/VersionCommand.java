package io.gatehouse.examples.standalone;

import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;
import java.util.concurrent.Callable;

/** {@code gatehouse version}. */
@Command(name = "version", description = "Print the version.")
final class VersionCommand implements Callable<Integer> {

    private final PrintStream out;

    VersionCommand(PrintStream out) {
        this.out = out;
    }

    static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("/gatehouse-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public Integer call() {
        out.println("Version:      " + version());
        out.println("Java version: " + System.getProperty("java.version"));
        out.println("OS/Arch:      " + System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
        return Main.OK;
    }
}
