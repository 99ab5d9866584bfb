package dev.parley;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Finds the locks the calling thread holds: every monitor ({@code synchronized}) and every ownable
 * synchronizer (a {@code ReentrantLock}), as the JVM itself reports them. Listeners in tests record a
 * violation whenever they are called holding one, so a test fails if any code path calls out under a
 * lock. Thread-safe.
 */
public final class LockCheck {
    /**
     * A pool thread holds its own worker's lock while it runs a task (so that the pool does not interrupt
     * it meanwhile); no code of ours can wait for it, so it is not a lock held across a call.
     */
    private static final String POOL_WORKER = "java.util.concurrent.ThreadPoolExecutor$Worker";

    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    /** The locks the calling thread holds now, described; empty when it holds none. */
    public static List<String> heldByCurrentThread() {
        ThreadInfo info = ManagementFactory.getThreadMXBean()
                .getThreadInfo(new long[] {Thread.currentThread().getId()}, true, true)[0];
        List<String> held = new ArrayList<>();
        for (MonitorInfo m : info.getLockedMonitors()) {
            held.add("monitor " + m.getClassName() + " locked in " + m.getLockedStackFrame());
        }
        for (LockInfo l : info.getLockedSynchronizers()) {
            if (!l.getClassName().equals(POOL_WORKER)) {
                held.add("synchronizer " + l.getClassName());
            }
        }
        return held;
    }

    /** Records a violation if the calling thread holds any lock; {@code where} names the call. */
    public void check(String where) {
        List<String> held = heldByCurrentThread();
        if (!held.isEmpty()) {
            violations.add(where + " on " + Thread.currentThread().getName() + " holding " + held);
        }
    }

    /** Every call made holding a lock so far. */
    public List<String> violations() {
        return List.copyOf(violations);
    }
}
