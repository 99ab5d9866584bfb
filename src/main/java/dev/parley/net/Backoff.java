package dev.parley.net;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for redialling: attempt n waits {@code initial * 2^n}, capped at
 * {@code max}, then scaled by a random factor in [1 - jitter, 1 + jitter] so that peers that lost each
 * other at the same moment do not redial in lockstep. Immutable.
 */
public record Backoff(Duration initial, Duration max, double jitter) {
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2);

    public Duration delay(int attempt, RandomGenerator random) {
        long base = initial.toMillis();
        long capped = max.toMillis();
        long d = attempt >= 62 ? capped : Math.min(capped, base << Math.min(attempt, 30));
        double factor = 1 - jitter + 2 * jitter * random.nextDouble();
        return Duration.ofMillis(Math.max(1, Math.round(d * factor)));
    }
}
