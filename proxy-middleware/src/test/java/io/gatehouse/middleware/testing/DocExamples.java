package io.gatehouse.middleware.testing;

import io.gatehouse.core.config.ConfigException;
import io.gatehouse.core.config.DynamicConfig;
import io.gatehouse.core.config.decode.ConfigDecoder;
import io.gatehouse.core.config.decode.FlatKeyDecoder;
import io.gatehouse.core.config.decode.Format;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fenced examples of a docs page, so that tests load exactly what users copy.
 * Blocks are marked {@code ```yaml}, {@code ```toml}, {@code ```json}, {@code ```labels} (one
 * {@code key=value} per line, as Docker labels) and {@code ```java}.
 */
public final class DocExamples {

    /** One fenced block: its info string and its text. */
    public record Block(String language, String text) {
    }

    private final Path page;
    private final List<Block> blocks;

    private DocExamples(Path page, List<Block> blocks) {
        this.page = page;
        this.blocks = blocks;
    }

    /** Reads {@code docs/<relative>} from the repository root, found from the test's working directory. */
    public static DocExamples of(String relative) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no docs/ folder above " + Path.of("").toAbsolutePath());
        }
        Path page = dir.resolve("docs").resolve(relative);
        try {
            return new DocExamples(page, parse(Files.readString(page)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Block> parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String language = null;
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            if (language == null && line.startsWith("```")) {
                language = line.substring(3).trim();
                text.setLength(0);
            } else if (language != null && line.startsWith("```")) {
                blocks.add(new Block(language, text.toString()));
                language = null;
            } else if (language != null) {
                text.append(line).append('\n');
            }
        }
        return blocks;
    }

    public List<Block> blocks(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }

    /** Every {@code yaml}, {@code toml} and {@code json} block, decoded (each must be valid). */
    public List<DynamicConfig> fileConfigs() throws ConfigException {
        List<DynamicConfig> configs = new ArrayList<>();
        ConfigDecoder decoder = ConfigDecoder.create();
        for (Block block : blocks) {
            Format format = switch (block.language()) {
                case "yaml", "yml" -> Format.YAML;
                case "toml" -> Format.TOML;
                case "json" -> Format.JSON;
                default -> null;
            };
            if (format != null) {
                configs.add(decoder.decode(block.text(), format, page.getFileName() + " (" + block.language() + ")").orThrow());
            }
        }
        return configs;
    }

    /** Every {@code labels} block, decoded as Docker labels with the default root {@code traefik}. */
    public List<DynamicConfig> labelConfigs() throws ConfigException {
        List<DynamicConfig> configs = new ArrayList<>();
        for (Block block : blocks("labels")) {
            configs.add(FlatKeyDecoder.labels()
                    .withDecoder(ConfigDecoder.create().allowingIncompleteRouters())
                    .decodeOrThrow(labels(block.text()), page.getFileName() + " (labels)"));
        }
        return configs;
    }

    /** Labels as {@code key=value} lines, optionally quoted and prefixed with "- " as in compose files. */
    public static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("- ")) {
                line = line.substring(2).trim();
            }
            if (line.startsWith("\"") && line.endsWith("\"") && line.length() >= 2) {
                line = line.substring(1, line.length() - 1);
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("not a label line: " + raw);
            }
            labels.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return labels;
    }

    /** Whether the page shows this Java snippet (whitespace-insensitively), so the test runs what users read. */
    public boolean showsJava(String snippet) {
        String wanted = snippet.replaceAll("\\s+", "");
        return blocks("java").stream().anyMatch(b -> b.text().replaceAll("\\s+", "").contains(wanted));
    }
}
