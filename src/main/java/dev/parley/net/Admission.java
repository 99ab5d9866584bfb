package dev.parley.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Caps connections that have not yet authenticated: {@code max} in all, {@code maxPerAddress} from one
 * source address. A connection from an address already at its share is refused. When all slots are
 * taken, the new connection is admitted and an older one is closed to make room (evicted), rather than
 * the new one being refused: otherwise a flood from many addresses that keeps every slot busy with
 * connections that say nothing until their handshake deadline would lock legitimate peers out for as long
 * as it lasts.
 *
 * <p>Who is evicted: first a connection that has not yet sent a valid M1 ({@link Ticket#sentValidM1}),
 * the oldest of the address holding the most slots; only when every slot holds a connection past its M1,
 * the oldest of the busiest address among all. A staller holds a slot only until enough newer connections
 * arrive, a peer's own connection is never the one evicted while another address holds more slots, and a
 * legitimate handshake, past its M1 within a round trip, survives a flood of silent connections from any
 * number of addresses (issue 13 item 8; with a network key, a valid M1 needs the key).
 *
 * <p>Threads, a hard cap (issue 13 item 8). An evicted connection's thread does not end the moment its
 * socket is closed: it may be in the middle of the responder's public-key work. It holds its place, as
 * <em>unwinding</em>, until its handshake ends ({@link Ticket#release}), and at most {@code maxUnwinding}
 * may unwind at once. When that many are unwinding and every slot is taken, {@link #admit} waits (at most
 * {@link #UNWIND_WAIT_MILLIS} by default) for one to end, then refuses the newcomer. So at most
 * {@code max + maxUnwinding} threads are ever in an inbound handshake, however fast connections come.
 * Thread-safe.
 */
final class Admission {
    /** Evicted connections whose threads may still be ending, beside the {@code max} admitted. */
    static final int DEFAULT_MAX_UNWINDING = 16;
    /** How long {@link #admit} waits for an unwinding thread to end before it refuses the newcomer. */
    static final long UNWIND_WAIT_MILLIS = 250;

    private final int max;
    private final int maxPerAddress;
    private final int maxUnwinding;
    private final long unwindWaitMillis;
    /** Admitted and not yet released, oldest first. */
    private final Set<Ticket> admitted = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    /** Evicted and not yet released: their threads are ending. */
    private int unwinding;
    private long evictions;
    private long refusedWhileUnwinding;

    /** One admitted connection; {@link #release} once its handshake ended, either way. */
    final class Ticket {
        final InetAddress from;
        private final Closeable connection;
        /** Guarded by the admission's monitor. */
        private boolean validM1;
        /** Guarded by the admission's monitor. */
        private boolean evicted;
        /** Guarded by the admission's monitor. */
        private boolean released;

        private Ticket(InetAddress from, Closeable connection) {
            this.from = from;
            this.connection = connection;
        }

        /** The connection sent a valid M1 (it passed the network key's check): evicted only after stallers. */
        void sentValidM1() {
            synchronized (Admission.this) {
                validM1 = true;
            }
        }

        /**
         * The handshake's thread is done with it, either way: frees the slot, or the unwinding place of an
         * evicted connection. Only the first call does anything.
         */
        void release() {
            synchronized (Admission.this) {
                if (released) {
                    return;
                }
                released = true;
                if (evicted) {
                    unwinding--;
                } else {
                    remove(this);
                }
                // Either frees what a waiting newcomer waits for: an unwinding place, or a slot.
                Admission.this.notifyAll();
            }
        }
    }

    Admission(int max, int maxPerAddress) {
        this(max, maxPerAddress, DEFAULT_MAX_UNWINDING, UNWIND_WAIT_MILLIS);
    }

    /** @param unwindWaitMillis how long a newcomer waits for an unwinding thread to end ({@link #UNWIND_WAIT_MILLIS}) */
    Admission(int max, int maxPerAddress, int maxUnwinding, long unwindWaitMillis) {
        if (max < 1 || maxPerAddress < 1 || maxUnwinding < 0) {
            throw new IllegalArgumentException("admission needs at least one slot");
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
        this.maxUnwinding = maxUnwinding;
        this.unwindWaitMillis = unwindWaitMillis;
    }

    /**
     * A ticket for this connection, or null when its address already holds its share, or when every slot
     * is taken and {@code maxUnwinding} evicted threads are still ending after a short wait (the caller
     * then closes it). May close an older unauthenticated connection to make room (on this thread:
     * closing a socket does not block). May wait, up to the unwinding wait, holding nothing but
     * this admission's monitor, which the wait gives up.
     */
    Ticket admit(InetAddress from, Closeable connection) {
        Ticket victim = null;
        Ticket ticket;
        synchronized (this) {
            if (perAddress.getOrDefault(from, 0) >= maxPerAddress) {
                return null;
            }
            if (admitted.size() >= max) {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(unwindWaitMillis);
                while (unwinding >= maxUnwinding && admitted.size() >= max) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        refusedWhileUnwinding++;
                        return null;
                    }
                    try {
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
                if (perAddress.getOrDefault(from, 0) >= maxPerAddress) {
                    return null; // the wait let others of this address in
                }
                if (admitted.size() >= max) {
                    victim = victim();
                    remove(victim);
                    victim.evicted = true;
                    unwinding++;
                    evictions++;
                }
            }
            ticket = new Ticket(from, connection);
            admitted.add(ticket);
            perAddress.merge(from, 1, Integer::sum);
        }
        if (victim != null) {
            closeQuietly(victim.connection);
        }
        return ticket;
    }

    /** Admitted connections in their handshake (evicted ones not counted). */
    synchronized int total() {
        return admitted.size();
    }

    /** Evicted connections whose handshake threads have not yet ended. */
    synchronized int unwinding() {
        return unwinding;
    }

    /** Connections closed to make room for newer ones, since start. */
    synchronized long evictions() {
        return evictions;
    }

    /** Newcomers refused because every slot was taken and too many evicted threads were still ending. */
    synchronized long refusedWhileUnwinding() {
        return refusedWhileUnwinding;
    }

    /** A connection without a valid M1 if there is one, else any: the oldest of the busiest address among them. */
    private Ticket victim() {
        boolean anyStaller = false;
        for (Ticket t : admitted) {
            if (!t.validM1) {
                anyStaller = true;
                break;
            }
        }
        Map<InetAddress, Integer> counts = new HashMap<>();
        int most = 0;
        for (Ticket t : admitted) {
            if (!anyStaller || !t.validM1) {
                most = Math.max(most, counts.merge(t.from, 1, Integer::sum));
            }
        }
        for (Ticket t : admitted) {
            if ((!anyStaller || !t.validM1) && counts.get(t.from) == most) {
                return t;
            }
        }
        throw new IllegalStateException("no connection to evict");
    }

    private void remove(Ticket t) {
        if (admitted.remove(t)) {
            perAddress.computeIfPresent(t.from, (a, n) -> n <= 1 ? null : n - 1);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // it is being dropped anyway
        }
    }
}
