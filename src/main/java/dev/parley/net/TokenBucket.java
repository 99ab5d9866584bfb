package dev.parley.net;

import java.util.function.LongSupplier;

/**
 * A token bucket that paces rather than drops: {@link #take} always grants the token and says how long
 * the caller must wait first, so a reader that waits that long consumes records at {@code perSecond}
 * on average after a burst of {@code burst}. Not thread-safe: one reader thread.
 */
final class TokenBucket {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private final double perNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(double perSecond, int burst, LongSupplier nanoTime) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("a rate and a burst above zero");
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token; returns the nanoseconds to wait before using it (0 when one was in the bucket). */
    long take() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
    }
}
