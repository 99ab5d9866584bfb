package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LogbackServiceProvider;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.status.NopStatusListener;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The provider Main names starts logback as logback's own provider with QuietStart does: silent. */
class QuietLogbackTest {
    @Test
    void startsLogbackSilentAsLogbacksOwnProviderWithQuietStartDoes() {
        QuietLogback quick = new QuietLogback();
        quick.initialize();
        LogbackServiceProvider usual = new LogbackServiceProvider();
        usual.initialize(); // finds QuietStart through META-INF/services, as outside Main

        LoggerContext q = assertInstanceOf(LoggerContext.class, quick.getLoggerFactory());
        LoggerContext u = (LoggerContext) usual.getLoggerFactory();
        assertEquals(CoreConstants.DEFAULT_CONTEXT_NAME, q.getName());
        assertEquals(u.getName(), q.getName());
        assertTrue(q.isStarted());
        assertEquals(u.isStarted(), q.isStarted());
        assertEquals(Level.OFF, q.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertEquals(u.getLogger(Logger.ROOT_LOGGER_NAME).getLevel(), q.getLogger(Logger.ROOT_LOGGER_NAME).getLevel());
        assertFalse(q.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext(), "no appender before Logging.configure");
        assertTrue(q.getStatusManager().getCopyOfStatusListenerList().stream().anyMatch(l -> l instanceof NopStatusListener));
        assertSame(quick.getMDCAdapter(), q.getMDCAdapter());
        assertEquals(usual.getRequestedApiVersion(), quick.getRequestedApiVersion());
        assertEquals(usual.getMDCAdapter().getClass(), quick.getMDCAdapter().getClass());
        assertEquals(usual.getMarkerFactory().getClass(), quick.getMarkerFactory().getClass());
    }
}
