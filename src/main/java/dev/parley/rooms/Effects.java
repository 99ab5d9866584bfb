package dev.parley.rooms;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms engine's effects after its lock is released: listener calls, session flushes. The chat
 * engine's {@code EventQueue} pattern: queued under the lock in order, run by {@link #deliver} on the
 * changing thread once it released the lock, one thread at a time. Thread-safe.
 */
final class Effects {
    private static final Logger log = LoggerFactory.getLogger(Effects.class);

    private final List<RoomListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    void addListener(RoomListener l) {
        listeners.add(l);
    }

    void emit(Consumer<RoomListener> event) {
        pending.add(() -> {
            for (RoomListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    log.error("a room listener failed", e);
                }
            }
        });
    }

    void later(Runnable effect) {
        pending.add(() -> {
            try {
                effect.run();
            } catch (RuntimeException e) {
                log.error("an effect of the rooms engine failed", e);
            }
        });
    }

    void deliver() {
        while (!pending.isEmpty() && delivering.compareAndSet(false, true)) {
            try {
                Runnable r;
                while ((r = pending.poll()) != null) {
                    r.run();
                }
            } finally {
                delivering.set(false);
            }
        }
    }
}
