package io.gatehouse.core.config.statics;

/**
 * {@code log}.
 *
 * @param level  the least severe level logged (default ERROR, as Traefik)
 * @param format {@code common} (plain text, default) or {@code json} (one object per line)
 */
public record LogConfig(LogLevel level, LogFormat format) {

    public static final LogConfig DEFAULTS = new LogConfig(LogLevel.ERROR, LogFormat.COMMON);

    public LogConfig {
        level = level == null ? LogLevel.ERROR : level;
        format = format == null ? LogFormat.COMMON : format;
    }

    /** Traefik's levels; FATAL and PANIC log as ERROR. */
    public enum LogLevel { TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC }

    public enum LogFormat { COMMON, JSON }
}
