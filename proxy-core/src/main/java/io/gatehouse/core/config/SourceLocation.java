package io.gatehouse.core.config;

/**
 * Where a configuration value came from.
 *
 * @param source a file name, or a description such as {@code label traefik.http.routers.web.rule}
 * @param line   1-based line, or 0 when unknown (flat keys, some formats)
 * @param column 1-based column, or 0 when unknown
 */
public record SourceLocation(String source, int line, int column) {

    public static SourceLocation of(String source) {
        return new SourceLocation(source, 0, 0);
    }

    @Override
    public String toString() {
        if (line <= 0) {
            return String.valueOf(source);
        }
        return column > 0 ? source + ":" + line + ":" + column : source + ":" + line;
    }
}
