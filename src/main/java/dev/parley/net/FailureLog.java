package dev.parley.net;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs connection failures at a bounded rate (a port scan must not fill the disk) and counts all of
 * them. Thread-safe.
 */
final class FailureLog {
    private final Logger log;
    private final Clock clock;
    private final int perMinute;
    private final AtomicLong total = new AtomicLong();
    private long windowStart;
    private int inWindow;
    private long suppressed;

    FailureLog(Logger log, Clock clock, int perMinute) {
        this.log = log;
        this.clock = clock;
        this.perMinute = perMinute;
    }

    void failure(String what, Object from, String reason) {
        total.incrementAndGet();
        long now = clock.millis();
        long dropped;
        synchronized (this) {
            if (now - windowStart >= 60_000) {
                dropped = suppressed;
                windowStart = now;
                inWindow = 0;
                suppressed = 0;
            } else {
                dropped = 0;
            }
            if (inWindow >= perMinute) {
                suppressed++;
                return;
            }
            inWindow++;
        }
        if (dropped > 0) {
            log.info("{} more connection failures were not logged in the last minute", dropped);
        }
        log.info("{} with {} failed: {}", what, from, reason);
    }

    long total() {
        return total.get();
    }
}
