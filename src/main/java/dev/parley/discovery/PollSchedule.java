package dev.parley.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * When to ask a DNS name again: after an answer, when its TTL runs out, but never sooner than the floor nor
 * later than the cap, minus up to 20 % jitter (so peers that started together spread out, and never later
 * than the cap); after failures, the cap doubled for each failure in a row, up to {@code maxBackoff}. Keys
 * are the names polled; times are nanoseconds of the caller's clock (a fake one in tests). At most
 * {@code maxKeys} keys are held; further ones are refused. Not thread-safe: one thread polls.
 */
final class PollSchedule<K> {
    static final double JITTER = 0.2;

    private final long floorNanos;
    private final long capNanos;
    private final long maxBackoffNanos;
    private final int maxKeys;
    private final DoubleSupplier random;
    private final Map<K, long[]> keys = new LinkedHashMap<>(); // key -> {due, failures}

    /**
     * @param random values in [0, 1) for the jitter ({@code ThreadLocalRandom.current()::nextDouble}, a
     *               constant in tests)
     */
    PollSchedule(Duration floor, Duration cap, Duration maxBackoff, int maxKeys, DoubleSupplier random) {
        if (floor.isNegative() || cap.compareTo(floor) < 0 || maxBackoff.compareTo(cap) < 0 || maxKeys < 1) {
            throw new IllegalArgumentException("need 0 <= floor <= cap <= maxBackoff, maxKeys >= 1");
        }
        this.floorNanos = floor.toNanos();
        this.capNanos = cap.toNanos();
        this.maxBackoffNanos = maxBackoff.toNanos();
        this.maxKeys = maxKeys;
        this.random = random;
    }

    /** Adds {@code key}, due at once; false if it is new and {@code maxKeys} are already held. */
    boolean add(K key, long now) {
        if (keys.containsKey(key)) {
            return true;
        }
        if (keys.size() >= maxKeys) {
            return false;
        }
        keys.put(key, new long[] {now, 0});
        return true;
    }

    boolean contains(K key) {
        return keys.containsKey(key);
    }

    void remove(K key) {
        keys.remove(key);
    }

    int size() {
        return keys.size();
    }

    /** {@code key} was answered with records whose smallest TTL is {@code ttlSeconds}; returns when it is due again. */
    long answered(K key, long ttlSeconds, long now) {
        long[] k = keys.get(key);
        long due = now + interval(ttlSeconds);
        if (k != null) {
            k[0] = due;
            k[1] = 0;
        }
        return due;
    }

    /** Asking about {@code key} failed (timeout, server failure); returns when it is due again. */
    long failed(K key, long now) {
        long[] k = keys.get(key);
        if (k == null) {
            return now + capNanos;
        }
        k[1]++;
        k[0] = now + backoff(k[1]);
        return k[0];
    }

    /** The keys due at {@code now}, in the order they were added. */
    List<K> due(long now) {
        List<K> out = new ArrayList<>();
        for (Map.Entry<K, long[]> e : keys.entrySet()) {
            if (e.getValue()[0] - now <= 0) {
                out.add(e.getKey());
            }
        }
        return out;
    }

    /** When the next key is due, or {@code Long.MAX_VALUE} with none. */
    long nextDue() {
        long next = Long.MAX_VALUE;
        for (long[] k : keys.values()) {
            next = Math.min(next, k[0]);
        }
        return next;
    }

    /** The delay after an answer with this TTL: the TTL within [floor, cap], less up to 20 % jitter. */
    long interval(long ttlSeconds) {
        long ttl = ttlSeconds > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : Math.max(0, ttlSeconds) * 1_000_000_000L;
        long bounded = Math.min(capNanos, Math.max(floorNanos, ttl));
        return Math.max(floorNanos, (long) (bounded * (1 - JITTER * random.getAsDouble())));
    }

    /** The cap doubled for each failure after the first, up to the maximum backoff. */
    long backoff(long failures) {
        long delay = capNanos;
        for (long i = 1; i < failures && delay < maxBackoffNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxBackoffNanos);
    }
}
