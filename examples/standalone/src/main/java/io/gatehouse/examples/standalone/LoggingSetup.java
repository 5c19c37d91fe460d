package io.gatehouse.examples.standalone;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import io.gatehouse.core.config.statics.LogConfig;
import org.slf4j.LoggerFactory;

/** Configures Logback from the static {@code log} section: level, and {@code common} text or {@code json} lines. */
final class LoggingSetup {

    static final String COMMON_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{36} - %msg%n";

    private LoggingSetup() {
    }

    static void apply(LogConfig config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return; // another SLF4J binding was put on the class path; it configures itself
        }
        context.reset();
        Encoder<ILoggingEvent> encoder;
        if (config.format() == LogConfig.LogFormat.JSON) {
            JsonEncoder json = new JsonEncoder();
            json.setContext(context);
            // The message as a reader sees it, not SLF4J's "{}" template and its arguments.
            json.setWithFormattedMessage(true);
            json.setWithMessage(false);
            json.setWithArguments(false);
            json.setWithSequenceNumber(false);
            json.setWithNanoseconds(false);
            json.setWithContext(false);
            json.start();
            encoder = json;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern(COMMON_PATTERN);
            pattern.start();
            encoder = pattern;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();

        Level level = level(config.level());
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level);
        root.addAppender(console);
        // Undertow and XNIO are chatty below WARN; Gatehouse answers failed proxy requests itself (502/504).
        Level libraries = level.isGreaterOrEqual(Level.WARN) ? level : Level.WARN;
        context.getLogger("org.xnio").setLevel(libraries);
        context.getLogger("io.undertow").setLevel(libraries);
        context.getLogger("io.undertow.proxy").setLevel(Level.OFF);
    }

    static Level level(LogConfig.LogLevel level) {
        return switch (level) {
            case TRACE -> Level.TRACE;
            case DEBUG -> Level.DEBUG;
            case INFO -> Level.INFO;
            case WARN -> Level.WARN;
            case ERROR, FATAL, PANIC -> Level.ERROR;
        };
    }
}
