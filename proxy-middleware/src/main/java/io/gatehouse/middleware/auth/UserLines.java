package io.gatehouse.middleware.auth;

import io.gatehouse.core.config.ConfigError;
import io.gatehouse.core.config.ConfigException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user lines of an auth middleware, as Traefik reads them: the lines of {@code usersFile} (trimmed; empty
 * lines and {@code #} comments skipped) followed by the inline {@code users}, each with where it came from.
 */
record UserLines(List<Line> lines) {

    /** One line and where it is, for errors: {@code http.middlewares.m.basicAuth.users[2]} or {@code usersFile /x line 3}. */
    record Line(String text, String where, String path) {
    }

    static UserLines load(List<String> users, String usersFile, String optionPath) throws ConfigException {
        List<Line> lines = new ArrayList<>();
        if (usersFile != null && !usersFile.isBlank()) {
            String fileOption = optionPath + ".usersFile";
            List<String> fileLines;
            try {
                fileLines = Files.readAllLines(Path.of(usersFile), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException(fileOption, usersFile, "cannot read the users file: " + describe(e));
            }
            for (int i = 0; i < fileLines.size(); i++) {
                String line = fileLines.get(i).trim();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(new Line(line, "line " + (i + 1) + " of " + usersFile, fileOption));
                }
            }
        }
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i) == null ? "" : users.get(i);
            lines.add(new Line(user, null, optionPath + ".users[" + i + "]"));
        }
        return new UserLines(lines);
    }

    private static String describe(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.MalformedInputException) {
            return "not UTF-8 text";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    static ConfigError error(Line line, String message) {
        // The line itself is never echoed: it holds a password hash.
        return new ConfigError(line.path(), null, line.where() == null ? message : line.where() + ": " + message);
    }
}
