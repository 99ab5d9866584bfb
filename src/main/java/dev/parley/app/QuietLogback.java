package dev.parley.app;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * slf4j bound to logback, started as {@link LogbackServiceProvider} starts it but with {@link QuietStart}'s
 * configuration applied directly: {@link Main} names this class in the {@code slf4j.provider} property,
 * so neither slf4j nor logback searches the class path for service files (a {@code jar:} URL connection
 * each), and logback's {@code ContextInitializer} does not run: its status messages, each a string
 * concatenation of a shape the JVM has not met yet, cost some 30-50 ms of start-up (docs/PERFORMANCE.md).
 * Elsewhere (tests, a library user) slf4j finds logback's own provider, which finds {@link QuietStart}: the
 * same result. Called by slf4j once, on the thread that asks for the first logger.
 */
public final class QuietLogback implements SLF4JServiceProvider {
    private final LoggerContext context = new LoggerContext();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();

    @Override
    public void initialize() {
        context.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
        context.setMDCAdapter(mdc);
        QuietStart.quiet(context);
        context.start();
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return context;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return LogbackServiceProvider.REQUESTED_API_VERSION;
    }
}
