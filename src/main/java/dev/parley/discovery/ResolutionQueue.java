package dev.parley.discovery;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The instance names waiting for a resolution request, and the few workers that make them. A request may
 * hold the calling thread (JmDNS waits 200 ms for an answer unless told otherwise), and a flood of
 * announcements brings a request per instance: a task per request could take a thread per instance. So
 * names wait here, in arrival order, each at most once, and at most {@code workers} tasks on the executor
 * work through them. At most {@code maxWaiting} names wait; further ones are dropped, with a warning at a
 * bounded rate (such a flood has filled discovery's table long before).
 *
 * <p>Thread-safe: {@link #request} is called on JmDNS's threads, the workers run on the executor.
 */
final class ResolutionQueue {
    private static final Logger LOG = LoggerFactory.getLogger(ResolutionQueue.class);

    private final Executor executor;
    private final int workers;
    private final int maxWaiting;
    private final Consumer<String> resolve;
    private final RateLimitedLog overflowLog;
    private final Set<String> waiting = new LinkedHashSet<>();
    private int running;

    /**
     * @param resolve makes one request; may block; must not throw (a throw is logged and the worker goes on)
     */
    ResolutionQueue(Executor executor, int workers, int maxWaiting, Consumer<String> resolve, LongSupplier nanoClock) {
        this.executor = executor;
        this.workers = workers;
        this.maxWaiting = maxWaiting;
        this.resolve = resolve;
        this.overflowLog = new RateLimitedLog(LOG, 1, java.util.concurrent.TimeUnit.MINUTES, nanoClock);
    }

    /** Queues a request for {@code name} unless one is waiting already; starts a worker if one is free. */
    void request(String name) {
        synchronized (this) {
            if (waiting.contains(name)) {
                return;
            }
            if (waiting.size() >= maxWaiting) {
                overflowLog.warn(maxWaiting + " announcements wait for resolution; ignoring more");
                return;
            }
            waiting.add(name);
            if (running >= workers) {
                return;
            }
            running++;
        }
        try {
            executor.execute(this::work);
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                running--;
                waiting.clear();
            }
            LOG.debug("executor shut down; not resolving");
        }
    }

    /** The instance is gone: no request for it is needed any more. */
    synchronized void cancel(String name) {
        waiting.remove(name);
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private void work() {
        while (true) {
            String next;
            synchronized (this) {
                Iterator<String> first = waiting.iterator();
                if (!first.hasNext()) {
                    running--;
                    return;
                }
                next = first.next();
                first.remove();
            }
            try {
                resolve.accept(next);
            } catch (RuntimeException e) {
                LOG.debug("resolution request failed", e);
            }
        }
    }
}
