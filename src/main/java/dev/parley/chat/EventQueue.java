package dev.parley.chat;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine does after releasing its lock: listener calls and calls into the network, queued
 * under the lock in the order the changes were applied and run by {@link #deliver}, which the engine
 * calls on the changing thread right after it released the lock. One thread delivers at a time (whoever
 * finds no delivery under way), so listeners see events one at a time, in order, never holding the
 * engine's lock; a thread that finds another delivering leaves its events to it. The shape of OkHttp's
 * RealWebSocket and Briar's EventBus: state changes under the lock, effects outside it. Thread-safe.
 */
final class EventQueue {
    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);

    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    void addListener(ChatListener l) {
        listeners.add(l);
    }

    /** An event for every listener, delivered after the lock is released. Call holding the engine's lock. */
    void emit(Consumer<ChatListener> event) {
        pending.add(() -> {
            for (ChatListener l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    log.error("a chat listener failed", e);
                }
            }
        });
    }

    /** Anything else to do after the lock is released (a session's flush, a call into the network). */
    void later(Runnable effect) {
        pending.add(() -> {
            try {
                effect.run();
            } catch (RuntimeException e) {
                log.error("an effect of the chat engine failed", e);
            }
        });
    }

    /**
     * Runs what is queued, in order, unless another thread is doing so (it then runs these too). Call
     * holding no lock.
     */
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
