package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Two engines joined by fake sessions. What one side's session accepts waits "on the wire" until
 * {@link #pump} (or {@link #pumpTo}) delivers it, so a test decides exactly what arrives before a
 * {@link #cut}. Single-threaded: tests drive it from one thread.
 */
final class PipedPair {
    final Node a;
    final Node b;
    /** A's session with B, and B's with A, of the current connection. */
    FakeSession ab;
    FakeSession ba;
    private final Deque<ChatRecord> toB = new ArrayDeque<>();
    private final Deque<ChatRecord> toA = new ArrayDeque<>();

    PipedPair(Node a, Node b) {
        this.a = a;
        this.b = b;
    }

    /** A dials B: both sides see the session come up. */
    PipedPair connect() {
        ab = new FakeSession(b.id, new InetSocketAddress("10.77.0.2", 7447), true, 0).sink(toB::add);
        ba = new FakeSession(a.id, new InetSocketAddress("10.77.0.1", 50123), false, 0).sink(toA::add);
        a.engine.sessionUp(ab);
        b.engine.sessionUp(ba);
        return this;
    }

    /** Delivers everything on the wire, both ways, including the replies it causes. */
    void pump() {
        while (!toB.isEmpty() || !toA.isEmpty()) {
            pumpTo(b);
            pumpTo(a);
        }
    }

    /** Delivers what is on the wire towards one side only (replies stay on the wire). */
    void pumpTo(Node side) {
        Deque<ChatRecord> q = side == b ? toB : toA;
        FakeSession receiving = side == b ? ba : ab;
        int n = q.size();
        for (int i = 0; i < n; i++) {
            side.engine.received(receiving, q.poll());
        }
    }

    /** The link breaks: what is on the wire is lost, both sides see their session end. */
    void cut() {
        toA.clear();
        toB.clear();
        ab.close();
        ba.close();
        a.engine.sessionDown(ab, "connection reset");
        b.engine.sessionDown(ba, "connection reset");
    }

    int onTheWireToB() {
        return toB.size();
    }
}
