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
 * RealWebSocket and Briar's EventBus: state changes under the lock, effects outside it. The chat, rooms
 * and file engines each have one. Thread-safe.
 *
 * @param <L> the engine's listener type
 */
public final class EventQueue<L> {
    private static final Logger log = LoggerFactory.getLogger(EventQueue.class);

    private final String engine;
    private final List<L> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Runnable> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean delivering = new AtomicBoolean();

    /** @param engine whose effects these are, for the log ("chat engine") */
    public EventQueue(String engine) {
        this.engine = engine;
    }

    /** A change of state: made holding the engine's lock, its effects run once the lock is released. */
    public interface Change<T, E extends Exception> {
        T apply() throws E;
    }

    /** A change that returns nothing. */
    public interface Step<E extends Exception> {
        void apply() throws E;
    }

    /** Applies {@code c} holding {@code lock}, then, released, delivers what it queued. */
    public <T, E extends Exception> T change(Object lock, Change<T, E> c) throws E {
        try {
            synchronized (lock) {
                return c.apply();
            }
        } finally {
            deliver();
        }
    }

    public <E extends Exception> void step(Object lock, Step<E> s) throws E {
        this.<Void, E>change(lock, () -> {
            s.apply();
            return null;
        });
    }

    public void addListener(L l) {
        listeners.add(l);
    }

    /** An event for every listener, delivered after the lock is released. Call holding the engine's lock. */
    public void emit(Consumer<L> event) {
        pending.add(() -> {
            for (L l : listeners) {
                try {
                    event.accept(l);
                } catch (RuntimeException e) {
                    log.error("a listener of the {} failed", engine, e);
                }
            }
        });
    }

    /** Anything else to do after the lock is released (a session's flush, a call into the network). */
    public void later(Runnable effect) {
        pending.add(() -> {
            try {
                effect.run();
            } catch (RuntimeException e) {
                log.error("an effect of the {} failed", engine, e);
            }
        });
    }

    /**
     * Runs what is queued, in order, unless another thread is doing so (it then runs these too). Call
     * holding no lock.
     */
    public void deliver() {
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
