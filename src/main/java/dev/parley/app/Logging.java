package dev.parley.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.status.NopStatusListener;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Points all logging at {@code parley.log} in the state folder: slf4j (and so JmDNS) through logback,
 * and {@code java.util.logging} bridged in. Never the terminal: until {@link #configure} runs,
 * {@link QuietStart} discards everything. The file is mode 0600 and bounded: at most
 * {@value #MAX_FILE_MEGABYTES} MB, rolled over to {@code parley.1.log} and {@code parley.2.log}.
 * Control characters in messages are written as {@code ?} ({@link LogLayout}), so a hostile nickname
 * cannot drive the terminal of someone reading the log. Call from the main thread at start-up and exit;
 * the methods are synchronized.
 */
public final class Logging {
    public static final String FILE_NAME = "parley.log";
    static final int MAX_FILE_MEGABYTES = 5;
    static final int ARCHIVES = 2;
    /** JmDNS is chatty at info; its warnings are what matters to us. */
    static final String JMDNS_LOGGER = "javax.jmdns";


    private Logging() {}

    /**
     * Logs at {@code level} and above to {@code parley.log} in {@code stateDir}, which must exist;
     * JmDNS at warn and above. Replaces any earlier configuration.
     *
     * @throws IOException if the log file cannot be created or opened
     */
    public static synchronized void configure(Path stateDir, LogLevel level) throws IOException {
        configure(stateDir, level, FileSize.MB_COEFFICIENT * MAX_FILE_MEGABYTES, false);
    }

    /** As {@link #configure(Path, LogLevel)}; tests choose a small size and a size check on every event. */
    static synchronized void configure(Path stateDir, LogLevel level, long maxFileBytes, boolean checkEveryEvent)
            throws IOException {
        Path log = stateDir.resolve(FILE_NAME).toAbsolutePath();
        PrivateFiles.createOrRestrict(log); // fails here, loudly, rather than in logback, silently
        LoggerContext context = context();
        context.reset();
        context.getStatusManager().add(new NopStatusListener());
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.OFF);
        root.addAppender(appender(context, log, maxFileBytes, checkEveryEvent));
        root.setLevel(Level.toLevel(level.name()));
        context.getLogger(JMDNS_LOGGER).setLevel(level == LogLevel.ERROR ? Level.ERROR : Level.WARN);
        JulBridge.install(level);
    }

    /** Flushes and closes the log; logging afterwards goes nowhere. Call last at exit. */
    public static synchronized void stop() {
        LoggerContext context = context();
        context.reset();
        context.getStatusManager().add(new NopStatusListener());
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
        JulBridge.uninstall();
    }

    private static PrivateRollingFileAppender appender(LoggerContext context, Path log, long maxFileBytes,
                                                       boolean checkEveryEvent) throws IOException {
        PrivateRollingFileAppender appender = new PrivateRollingFileAppender();
        appender.setContext(context);
        appender.setName("parley-log");
        appender.setFile(log.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder(context));

        NumberedArchives rolling = new NumberedArchives(log, ARCHIVES);
        rolling.setContext(context);
        rolling.start();

        SizeBasedTriggeringPolicy<ch.qos.logback.classic.spi.ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(context);
        trigger.setMaxFileSize(new FileSize(maxFileBytes));
        if (checkEveryEvent) {
            trigger.setCheckIncrement(Duration.buildByMilliseconds(0));
        }
        trigger.start();

        appender.setRollingPolicy(rolling);
        appender.setTriggeringPolicy(trigger);
        appender.start();
        if (!appender.isStarted()) {
            throw new IOException("cannot log to " + log + ": " + lastError(context));
        }
        return appender;
    }

    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context) {
        LogLayout layout = new LogLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    private static String lastError(LoggerContext context) {
        List<Status> statuses = context.getStatusManager().getCopyOfStatusList();
        for (int i = statuses.size() - 1; i >= 0; i--) {
            if (statuses.get(i).getLevel() == Status.ERROR) {
                return statuses.get(i).getMessage();
            }
        }
        return "logback did not start";
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("slf4j is not bound to logback but to " + factory.getClass().getName());
        }
        return context;
    }
}
