package dev.parley.tui;

import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomListener;
import dev.parley.rooms.RoomMessage;
import dev.parley.rooms.RoomsEngine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Hands chat events (and, through {@link #rooms()}, the rooms engine's) from engine threads to the UI
 * thread, in one queue. The listener side never blocks the engine (a short lock that guards only this
 * queue, no call out); the UI thread drains it in bounded batches so that a burst of events cannot starve
 * keyboard input. Thread-safe.
 * <p>
 * Bounded, for a UI thread that stops taking (blocked writing to a terminal nobody reads): an event that
 * only brings a newer state of something already waiting (a transfer's progress, a message's status or
 * marks, typing, our nickname) replaces the waiting one in its place (a peer's or room's changes are each
 * shown as a line, so they keep their own places); beyond
 * {@link #MAX_QUEUED} waiting events a new one is dropped and the queue marked overflowed. The UI then
 * {@link #takeOverflow() rebuilds} its model from the engines' snapshots, which hold every message
 * (unacknowledged ones too: the engine keeps a message until it is handed over) and the latest state of
 * everything else. Lost is what no snapshot holds: the dropped warnings, typing notices and the lines that
 * told of a peer's or room's change (the list shows their latest state).
 */
final class EventInbox implements ChatListener {
    /** Events waiting beyond which new ones are dropped and the UI resynchronises from the snapshots. */
    static final int MAX_QUEUED = 10_000;

    /** A place in the queue; a newer event of its key replaces its event. Guarded by {@code lock}. */
    private static final class Slot {
        UiEvent event;
        final String key;

        Slot(UiEvent event, String key) {
            this.event = event;
            this.key = key;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();
    /** The waiting slot of each key (see {@link #key}). */
    private final Map<String, Slot> byKey = new HashMap<>();
    /** Events dropped since the UI last resynchronised; more than 0 means it must. */
    private long dropped;

    private void offer(UiEvent e) {
        lock.lock();
        try {
            String key = key(e);
            Slot waiting = key == null ? null : byKey.get(key);
            if (waiting != null) {
                waiting.event = e; // the newest state, where the first one waited
            } else if (queue.size() >= MAX_QUEUED) {
                dropped++;
            } else {
                Slot s = new Slot(e, key);
                queue.addLast(s);
                if (key != null) {
                    byKey.put(key, s);
                }
                arrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The key under which a newer event replaces a waiting one ("latest state wins"), or null for an event
     * that keeps its own place (a message, a warning, a peer's or room's change: each is a line of its own).
     */
    private static String key(UiEvent e) {
        if (e instanceof UiEvent.TransferChanged t) {
            return "transfer " + t.transfer().id();
        } else if (e instanceof UiEvent.StatusChanged s) {
            return "status " + s.message().peer() + " " + s.message().id();
        } else if (e instanceof UiEvent.RoomMessageChanged m) {
            return "marks " + m.message().room() + " " + m.message().id();
        } else if (e instanceof UiEvent.Typing t) {
            return "typing " + t.peer();
        } else if (e instanceof UiEvent.NicknameChanged) {
            return "nickname";
        }
        return null;
    }

    @Override
    public void peerChanged(PeerInfo peer) {
        offer(new UiEvent.PeerChanged(peer));
    }

    @Override
    public void peerRemoved(String fingerprint) {
        offer(new UiEvent.PeerRemoved(fingerprint));
    }

    @Override
    public void peerReplaced(String oldFingerprint, PeerInfo replacement) {
        offer(new UiEvent.PeerReplaced(oldFingerprint, replacement));
    }

    @Override
    public void messageReceived(ChatMessage message) {
        offer(new UiEvent.MessageReceived(message));
    }

    @Override
    public void messageStatusChanged(ChatMessage message) {
        offer(new UiEvent.StatusChanged(message));
    }

    @Override
    public void typing(String peerFingerprint, boolean active) {
        offer(new UiEvent.Typing(peerFingerprint, active));
    }

    @Override
    public void nicknameChanged(String ourNickname) {
        offer(new UiEvent.NicknameChanged(ourNickname));
    }

    @Override
    public void warning(Warning warning) {
        offer(new UiEvent.WarningRaised(warning));
    }

    /** The listener for the rooms engine: its events join the same queue. */
    RoomListener rooms() {
        return rooms;
    }

    private final RoomListener rooms = new RoomListener() {
        @Override
        public void roomChanged(RoomInfo room) {
            offer(new UiEvent.RoomChanged(room));
        }

        @Override
        public void invited(RoomInvite invite) {
            offer(new UiEvent.RoomInvited(invite));
        }

        @Override
        public void messageReceived(RoomMessage message) {
            offer(new UiEvent.RoomMessageReceived(message));
        }

        @Override
        public void messageChanged(RoomMessage message) {
            offer(new UiEvent.RoomMessageChanged(message));
        }

        @Override
        public void left(String room, String name, String reason) {
            offer(new UiEvent.RoomLeft(room, name, reason));
        }

        @Override
        public void warning(String code, String room, String message) {
            offer(new UiEvent.RoomWarning(code, room, message));
        }
    };

    /** A file transfer changed (the listener of {@code Chat.transfers()}). */
    void transfer(dev.parley.chat.TransferInfo t) {
        offer(new UiEvent.TransferChanged(t));
    }

    /** UI thread: applies at most {@code max} queued events in order; returns how many. */
    int drain(int max, Consumer<UiEvent> sink) {
        int n = 0;
        UiEvent e;
        while (n < max && (e = poll()) != null) {
            sink.accept(e); // outside the lock
            n++;
        }
        return n;
    }

    private UiEvent poll() {
        lock.lock();
        try {
            Slot s = queue.pollFirst();
            if (s == null) {
                return null;
            }
            if (s.key != null && byKey.get(s.key) == s) {
                byKey.remove(s.key);
            }
            return s.event;
        } finally {
            lock.unlock();
        }
    }

    /** UI thread: waits up to {@code nanos} for an event to arrive, without taking it. */
    void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && dropped == 0 && nanos > 0) {
                nanos = arrived.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * UI thread, just before the UI takes the engine's snapshot of peers and conversations: drops the
     * events that snapshot already reflects (everything but warnings and a room's end, which it does not
     * contain). Returns the received messages among them (a room's as {@link RoomsEngine#forHandOver}), in
     * order: the UI still owes the engines their hand-over.
     */
    List<ChatMessage> discardSnapshotted() {
        lock.lock();
        try {
            dropped = 0;
            return discardLocked();
        } finally {
            lock.unlock();
        }
    }

    /**
     * UI thread: null if no event was dropped since the last call (or {@link #discardSnapshotted}); else
     * how many, after doing what {@link #discardSnapshotted} does, into {@code received}: the UI must then
     * take the engines' snapshots again. Events that come meanwhile queue as usual (the snapshot may hold
     * them too; applying them again changes nothing).
     */
    Long takeOverflow(List<ChatMessage> received) {
        lock.lock();
        try {
            if (dropped == 0) {
                return null;
            }
            long n = dropped;
            dropped = 0;
            received.addAll(discardLocked());
            return n;
        } finally {
            lock.unlock();
        }
    }

    private List<ChatMessage> discardLocked() {
        List<ChatMessage> received = new ArrayList<>();
        queue.removeIf(s -> {
            UiEvent e = s.event;
            if (e instanceof UiEvent.MessageReceived mr) {
                received.add(mr.message());
            } else if (e instanceof UiEvent.RoomMessageReceived rm) {
                received.add(RoomsEngine.forHandOver(rm.message()));
            }
            return !(e instanceof UiEvent.WarningRaised || e instanceof UiEvent.RoomWarning
                    || e instanceof UiEvent.RoomLeft);
        });
        byKey.clear(); // none of the events left has a key
        return received;
    }

    int pending() {
        lock.lock();
        try {
            return queue.size() + (dropped > 0 ? 1 : 0);
        } finally {
            lock.unlock();
        }
    }
}
