package dev.parley.net;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Caps connections that have not yet authenticated: {@code max} in all, {@code maxPerAddress} from one
 * source address. A connection from an address already at its share is refused. When all slots are
 * taken, the new connection is admitted and the oldest one from the address holding the most slots is
 * closed to make room (evicted), rather than the new one being refused: otherwise a flood from many
 * addresses that keeps every slot busy with connections that say nothing until their handshake
 * deadline would lock legitimate peers out for as long as it lasts. With eviction, a staller holds a
 * slot only until enough newer connections arrive, a peer's own connection is never the one evicted
 * while another address holds more slots, and a legitimate handshake (milliseconds on a LAN) completes
 * unless the attacker opens {@code max} connections from as many addresses within those milliseconds.
 * Thread-safe.
 */
final class Admission {
    private final int max;
    private final int maxPerAddress;
    /** Admitted and not yet released, oldest first. */
    private final Set<Ticket> admitted = new LinkedHashSet<>();
    private final Map<InetAddress, Integer> perAddress = new HashMap<>();
    private long evictions;

    /** One admitted connection; {@link #release} once its handshake ended, either way. */
    final class Ticket {
        final InetAddress from;
        private final Closeable connection;

        private Ticket(InetAddress from, Closeable connection) {
            this.from = from;
            this.connection = connection;
        }

        /** Frees the slot; does nothing if the connection was evicted or released already. */
        void release() {
            synchronized (Admission.this) {
                remove(this);
            }
        }
    }

    Admission(int max, int maxPerAddress) {
        if (max < 1 || maxPerAddress < 1) {
            throw new IllegalArgumentException("admission needs at least one slot");
        }
        this.max = max;
        this.maxPerAddress = maxPerAddress;
    }

    /**
     * A ticket for this connection, or null when its address already holds its share (the caller then
     * closes it). May close an older unauthenticated connection to make room (on this thread: closing a
     * socket does not block).
     */
    Ticket admit(InetAddress from, Closeable connection) {
        Ticket victim = null;
        Ticket ticket;
        synchronized (this) {
            if (perAddress.getOrDefault(from, 0) >= maxPerAddress) {
                return null;
            }
            if (admitted.size() >= max) {
                victim = oldestOfBusiestAddress();
                remove(victim);
                evictions++;
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

    synchronized int total() {
        return admitted.size();
    }

    /** Connections closed to make room for newer ones, since start. */
    synchronized long evictions() {
        return evictions;
    }

    private Ticket oldestOfBusiestAddress() {
        int most = 0;
        for (int n : perAddress.values()) {
            most = Math.max(most, n);
        }
        for (Iterator<Ticket> it = admitted.iterator(); ; ) {
            Ticket t = it.next();
            if (perAddress.get(t.from) == most) {
                return t;
            }
        }
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
