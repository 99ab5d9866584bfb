package dev.parley.discovery;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a recurring warning at most once per interval, with how many were suppressed in between, so a
 * flood of hostile announcements cannot flood the log. Not thread-safe: callers hold a lock.
 */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private boolean logged;
    private long suppressed;

    RateLimitedLog(Logger log, long interval, TimeUnit unit, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = unit.toNanos(interval);
        this.nanoClock = nanoClock;
    }

    /** Returns whether it logged (for tests). */
    boolean warn(String message) {
        long now = nanoClock.getAsLong();
        if (logged && now - lastNanos < intervalNanos) {
            suppressed++;
            return false;
        }
        log.warn("{} ({} similar suppressed)", message, suppressed);
        logged = true;
        lastNanos = now;
        suppressed = 0;
        return true;
    }
}
