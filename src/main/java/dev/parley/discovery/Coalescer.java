package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Passes discovery's events on, but a peer's changes at most once per {@code intervalNanos}: the first
 * change after a quiet spell at once, later ones merged into one (the latest) delivered when the interval
 * is up. One mDNS packet can change every announcement of a host, so without this a flood of fakes whose
 * records churn makes an event per fake per packet, all the way to the front ends. A peer found for the
 * first time and a peer lost are never held back (a loss cancels a change waiting for that peer).
 *
 * <p>Thread-safe. Calls {@code target} holding its lock, on the caller's thread or the timer's, so that
 * a loss can never overtake a change it cancels; {@code target} must only queue (it queues onto
 * discovery's serial executor), and {@code scheduler} must not run the task inline.
 */
final class Coalescer implements DiscoveryListener {
    /** Runs a task once after a delay (the network timer's {@code schedule}). */
    interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    static final long DEFAULT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final DiscoveryListener target;
    private final Scheduler scheduler;
    private final LongSupplier nanoClock;
    private final long intervalNanos;
    /** When each peer's change was last passed on; peers lost are removed. Bounded by discovery's table. */
    private final Map<String, Long> lastPassed = new HashMap<>();
    private final Map<String, DiscoveredPeer> waiting = new LinkedHashMap<>();
    private boolean flushScheduled;

    Coalescer(DiscoveryListener target, Scheduler scheduler, LongSupplier nanoClock, long intervalNanos) {
        this.target = target;
        this.scheduler = scheduler;
        this.nanoClock = nanoClock;
        this.intervalNanos = intervalNanos;
    }

    @Override
    public synchronized void found(DiscoveredPeer peer) {
        long t = nanoClock.getAsLong();
        Long last = lastPassed.get(peer.fingerprint());
        if (last == null || t - last >= intervalNanos) {
            lastPassed.put(peer.fingerprint(), t);
            waiting.remove(peer.fingerprint());
            target.found(peer);
            return;
        }
        waiting.put(peer.fingerprint(), peer);
        if (!flushScheduled) {
            flushScheduled = true;
            scheduler.schedule(this::flush, intervalNanos);
        }
    }

    @Override
    public synchronized void lost(String fingerprint) {
        waiting.remove(fingerprint);
        lastPassed.remove(fingerprint);
        target.lost(fingerprint);
    }

    @Override
    public void ownAnnouncement() {
        target.ownAnnouncement(); // nothing to merge: a count, which only queues
    }

    /** Passes on every change that waited. */
    synchronized void flush() {
        flushScheduled = false;
        long t = nanoClock.getAsLong();
        for (DiscoveredPeer p : waiting.values()) {
            lastPassed.put(p.fingerprint(), t);
            target.found(p);
        }
        waiting.clear();
    }

    synchronized int waiting() {
        return waiting.size();
    }
}
