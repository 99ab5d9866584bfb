package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LogLayout} writes exactly what logback's pattern it replaces writes. */
class LogLayoutTest {
    private final LoggerContext context = new LoggerContext();

    @Test
    void linesAreThoseOfTheEquivalentPattern() {
        PatternLayout reference = new PatternLayout();
        reference.setContext(context);
        reference.setPattern(LogLayout.EQUIVALENT_PATTERN);
        reference.start();
        LogLayout layout = new LogLayout();
        layout.setContext(context);
        layout.start();

        IllegalStateException cause = new IllegalStateException("inner \u001b[31mred\r\nline");
        IOException withCause = new IOException("outer", cause);
        withCause.addSuppressed(new UncheckedIOException(new IOException("suppressed")));
        List<LoggingEvent> events = List.of(
                event("dev.parley.net.PeerNetwork", Level.INFO, "session {} is up", "to SHA256:abc", null),
                event("dev.parley.app.Parley", Level.WARN, "nick mal\u001b[2J\u0007ory\u202efake\nline\tjoined", null, null),
                event("javax.jmdns.impl.tasks.state.DNSStateTask.ExtremelyLongInnerName", Level.ERROR, "failed", null, withCause),
                event("a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.Name", Level.DEBUG, "deep", null, null),
                event("ROOT", Level.TRACE, null, null, new RuntimeException()),
                event("dev.parley.chat.ChatEngine", Level.INFO, "percent %d and {} braces", "{}", null));
        for (LoggingEvent e : events) {
            assertEquals(reference.doLayout(e), layout.doLayout(e), "for " + e.getLoggerName());
        }
    }

    private LoggingEvent event(String logger, Level level, String message, Object arg, Throwable thrown) {
        Logger l = context.getLogger(logger);
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), l, level, message, thrown,
                arg == null ? null : new Object[] {arg});
        e.setThreadName("parley-net-reader-abc");
        return e;
    }
}
