package dev.parley.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * Logback's configuration from the first logger until {@link Logging#configure} points it at
 * {@code parley.log}: nothing at all. No appenders, every logger off, logback's own status messages
 * silenced, so nothing a library logs early can reach the terminal or the full-screen UI.
 *
 * <p>Found by logback through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator}, before
 * it would look for a {@code logback.xml}: configuring in code spares start-up the XML parser and
 * logback's Joran machinery, some hundreds of classes and about a third of a second on a slow machine
 * (docs/PERFORMANCE.md). Called once by logback, on the thread that asks for the first logger.
 */
public final class QuietStart extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        quiet(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Silences {@code context}: no status messages, every logger off. */
    static void quiet(LoggerContext context) {
        context.getStatusManager().add(new NopStatusListener());
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.OFF);
    }
}
