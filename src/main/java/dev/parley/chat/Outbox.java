package dev.parley.chat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Our messages to one peer not yet acknowledged: queued ones (never taken by a session) and those in
 * flight on the current session. At most {@link #WINDOW} messages and {@link #WINDOW_BYTES} bytes are in
 * flight at once: the rest waits here until acknowledgements make room, so a receiver that takes its
 * time (its user not reading) holds the sender's messages back in the sender's own memory, and a burst
 * of any size costs the session's send queue no more than the window. Not thread-safe: {@link ChatEngine}
 * guards it with its lock.
 */
final class Outbox {
    /** Messages in flight at most; enough for tens of thousands a second over a LAN's round trip. */
    static final int WINDOW = 256;
    /** UTF-8 bytes of text in flight at most. */
    static final int WINDOW_BYTES = 1 << 20;

    /** One of our messages; {@code seq} orders them across requeues. */
    record Outgoing(long seq, ChatRecord.Text record, int bytes) {}

    private final Deque<Outgoing> queued = new ArrayDeque<>();
    private final List<Outgoing> inflight = new ArrayList<>();
    private long inflightBytes;

    void add(Outgoing o) {
        queued.addLast(o);
    }

    boolean isEmpty() {
        return queued.isEmpty() && inflight.isEmpty();
    }

    /** The oldest queued message, if the window has room for it; else null. */
    Outgoing nextSendable() {
        Outgoing o = queued.peekFirst();
        if (o == null || inflight.size() >= WINDOW
                || (!inflight.isEmpty() && inflightBytes + o.bytes() > WINDOW_BYTES)) {
            return null;
        }
        return o;
    }

    /** The message {@link #nextSendable} returned was taken by the session. */
    void taken(Outgoing o) {
        queued.removeFirst();
        inflight.add(o);
        inflightBytes += o.bytes();
    }

    /** Removes message {@code id} from flight or the queue; false if it is in neither. */
    boolean acknowledge(String id) {
        for (int i = 0; i < inflight.size(); i++) {
            if (inflight.get(i).record().id().equals(id)) {
                inflightBytes -= inflight.remove(i).bytes();
                return true;
            }
        }
        return queued.removeIf(o -> o.record().id().equals(id));
    }

    /** The session ended before these were acknowledged: back to the queue, at their original places. */
    List<Outgoing> requeueInflight() {
        List<Outgoing> back = List.copyOf(inflight);
        List<Outgoing> all = new ArrayList<>(inflight);
        all.addAll(queued);
        all.sort(Comparator.comparingLong(Outgoing::seq));
        inflight.clear();
        inflightBytes = 0;
        queued.clear();
        queued.addAll(all);
        return back;
    }

    /** Every unacknowledged message, oldest first. */
    List<Outgoing> pending() {
        List<Outgoing> all = new ArrayList<>(inflight);
        all.addAll(queued);
        all.sort(Comparator.comparingLong(Outgoing::seq));
        return all;
    }

    /** Removes and returns the queued messages (none in flight) that {@code which} selects, oldest first. */
    List<Outgoing> dropQueued(java.util.function.Predicate<Outgoing> which) {
        List<Outgoing> out = new ArrayList<>();
        queued.removeIf(o -> which.test(o) && out.add(o));
        return out;
    }

    /**
     * Takes every message of {@code other} (a retired key's outbox, nothing of it in flight), behind none
     * of ours older than it: the order they were written in stays.
     */
    void absorb(Outbox other) {
        List<Outgoing> all = new ArrayList<>(queued);
        all.addAll(other.pending());
        all.sort(Comparator.comparingLong(Outgoing::seq));
        queued.clear();
        queued.addAll(all);
        other.queued.clear();
        other.inflight.clear();
        other.inflightBytes = 0;
    }

    int inflightCount() {
        return inflight.size();
    }
}
