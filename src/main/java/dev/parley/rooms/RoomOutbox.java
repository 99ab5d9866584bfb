package dev.parley.rooms;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Our room messages not yet acknowledged by one member of one room: the 1:1 outbox's semantics
 * (chat's {@code Outbox}): queued, then in flight on the member's session within a window, back to
 * the queue at their places when the session ends, resent with the same id and seq. Bounded: beyond
 * {@link #MAX_MESSAGES} or {@link #MAX_BYTES} the oldest queued message is dropped (the member then sees
 * the gap in our seq). Not thread-safe: the engine holds its lock.
 */
final class RoomOutbox {
    static final int WINDOW = 256;
    static final int WINDOW_BYTES = 1 << 20;
    static final int MAX_MESSAGES = 1_000;
    static final int MAX_BYTES = 4 << 20;

    record Out(long seq, RoomWire.Msg msg, int bytes, String id) {}

    private final Deque<Out> queued = new ArrayDeque<>();
    private final List<Out> inflight = new ArrayList<>();
    private long inflightBytes;
    private long bytes;
    private long dropped;
    /** Our seq after which the member's run that is current gets our messages (the horizon's base entry). */
    long base;

    /** Adds a message; returns the one dropped to stay within the bounds, or null. */
    Out add(Out o) {
        queued.addLast(o);
        bytes += o.bytes();
        if (size() > MAX_MESSAGES || bytes > MAX_BYTES) {
            Out gone = queued.size() > 1 ? queued.removeFirst() : null;
            if (gone != null) {
                bytes -= gone.bytes();
                dropped++;
                return gone;
            }
        }
        return null;
    }

    int size() {
        return queued.size() + inflight.size();
    }

    boolean isEmpty() {
        return size() == 0;
    }

    long dropped() {
        return dropped;
    }

    Out nextSendable() {
        Out o = queued.peekFirst();
        if (o == null || inflight.size() >= WINDOW || (!inflight.isEmpty() && inflightBytes + o.bytes() > WINDOW_BYTES)) {
            return null;
        }
        return o;
    }

    void taken(Out o) {
        queued.removeFirst();
        inflight.add(o);
        inflightBytes += o.bytes();
    }

    boolean acknowledge(String id) {
        for (int i = 0; i < inflight.size(); i++) {
            if (inflight.get(i).id().equals(id)) {
                Out o = inflight.remove(i);
                inflightBytes -= o.bytes();
                bytes -= o.bytes();
                return true;
            }
        }
        for (Out o : queued) {
            if (o.id().equals(id)) {
                queued.remove(o);
                bytes -= o.bytes();
                return true;
            }
        }
        return false;
    }

    /** In flight back to the queue, in order (a lost session, or the member asked again with ROOM_STATE). */
    void requeue() {
        List<Out> all = new ArrayList<>(inflight);
        all.addAll(queued);
        all.sort(Comparator.comparingLong(Out::seq));
        inflight.clear();
        inflightBytes = 0;
        queued.clear();
        queued.addAll(all);
    }

    List<Out> pending() {
        List<Out> all = new ArrayList<>(inflight);
        all.addAll(queued);
        all.sort(Comparator.comparingLong(Out::seq));
        return all;
    }
}
