package dev.parley.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition another thread makes true, polling it every few milliseconds until a deadline: for
 * counters and states that have no event to wait on. Fails with the caller's description, computed at the
 * deadline so that it can name the value reached.
 */
public final class Await {
    private Await() {}

    public static void until(Duration deadline, BooleanSupplier condition, Supplier<String> what)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                throw new AssertionError(what.get() + " (waited " + deadline.toSeconds() + " s)");
            }
            Thread.sleep(5); // polling with a deadline
        }
    }
}
