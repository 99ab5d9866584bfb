package dev.parley.app;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Sends {@code java.util.logging} records to slf4j instead of its default console handler, which
 * would write to standard error over the full-screen UI. Thread-safe, as JUL requires of handlers.
 */
final class JulBridge extends Handler {
    /** Only its stateless {@code formatMessage} is used: fills in a record's parameters. */
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    private JulBridge() {}

    /** Replaces JUL's handlers with this bridge, passing records at {@code level} and above. */
    static void install(LogLevel level) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(julLevel(level));
        root.addHandler(new JulBridge());
    }

    /** Drops JUL's handlers: records go nowhere. */
    static void uninstall() {
        LogManager.getLogManager().reset();
        Logger.getLogger("").setLevel(Level.OFF);
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null) {
            return;
        }
        String name = record.getLoggerName() == null ? "jul" : record.getLoggerName();
        LoggingEventBuilder event = org.slf4j.LoggerFactory.getLogger(name).atLevel(slf4jLevel(record.getLevel()));
        event.setCause(record.getThrown()).log(FORMATTER.formatMessage(record));
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    private static org.slf4j.event.Level slf4jLevel(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return org.slf4j.event.Level.ERROR;
        } else if (v >= Level.WARNING.intValue()) {
            return org.slf4j.event.Level.WARN;
        } else if (v >= Level.INFO.intValue()) {
            return org.slf4j.event.Level.INFO;
        } else if (v >= Level.FINE.intValue()) {
            return org.slf4j.event.Level.DEBUG;
        }
        return org.slf4j.event.Level.TRACE;
    }

    private static Level julLevel(LogLevel level) {
        return switch (level) {
            case ERROR -> Level.SEVERE;
            case WARN -> Level.WARNING;
            case INFO -> Level.INFO;
            case DEBUG -> Level.FINE;
            case TRACE -> Level.FINEST;
        };
    }
}
