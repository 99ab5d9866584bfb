package dev.parley.files;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the file engine does after releasing its lock (listener calls, session flushes, closing channels,
 * deleting partial files), queued under the lock in order and run by {@link #deliver} on the changing
 * thread once it has released the lock; one thread delivers at a time. The chat engine's
 * {@code EventQueue} pattern. Thread-safe.
 */
final class Effects {
    private static final Logger LOG = LoggerFactory.getLogger(Effects.class);
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    /** Call holding the engine's lock. */
    void later(Runnable r) {
        pending.add(r);
    }

    /** Call holding no lock. */
    void deliver() {
        while (!pending.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Runnable r;
                while ((r = pending.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException e) {
                        LOG.error("an effect of the file engine failed", e);
                    }
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}
