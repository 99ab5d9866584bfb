package dev.parley.testing;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the current thread allocates while running a piece of code, with HotSpot's
 * per-thread allocation counter. Property tests use it to show a parser never allocates more than its
 * limits allow, whatever its input claims. Thread-safe (each thread measures itself).
 */
public final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What can throw from the measured code. */
    public interface Code {
        void run() throws Exception;
    }

    private Allocations() {}

    /** True when this JVM can count allocations; tests assume it. */
    public static boolean supported() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /** Bytes allocated by this thread while {@code code} ran, whether it returned or threw. */
    public static long of(Code code) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        try {
            code.run();
        } catch (Exception | Error expectedOrNot) {
            // the caller checks outcomes separately; here only the allocation matters
        }
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
