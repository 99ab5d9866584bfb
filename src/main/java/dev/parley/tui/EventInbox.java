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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Hands chat events (and, through {@link #rooms()}, the rooms engine's) from engine threads to the UI
 * thread, in one queue. The listener side only appends to an unbounded
 * queue, so it never blocks the engine; the UI thread drains it in bounded batches so that a burst of
 * events cannot starve keyboard input. Thread-safe.
 */
final class EventInbox implements ChatListener {
    private final LinkedBlockingDeque<UiEvent> queue = new LinkedBlockingDeque<>();

    @Override
    public void peerChanged(PeerInfo peer) {
        queue.offer(new UiEvent.PeerChanged(peer));
    }

    @Override
    public void peerRemoved(String fingerprint) {
        queue.offer(new UiEvent.PeerRemoved(fingerprint));
    }

    @Override
    public void peerReplaced(String oldFingerprint, PeerInfo replacement) {
        queue.offer(new UiEvent.PeerReplaced(oldFingerprint, replacement));
    }

    @Override
    public void messageReceived(ChatMessage message) {
        queue.offer(new UiEvent.MessageReceived(message));
    }

    @Override
    public void messageStatusChanged(ChatMessage message) {
        queue.offer(new UiEvent.StatusChanged(message));
    }

    @Override
    public void typing(String peerFingerprint, boolean active) {
        queue.offer(new UiEvent.Typing(peerFingerprint, active));
    }

    @Override
    public void nicknameChanged(String ourNickname) {
        queue.offer(new UiEvent.NicknameChanged(ourNickname));
    }

    @Override
    public void warning(Warning warning) {
        queue.offer(new UiEvent.WarningRaised(warning));
    }

    /** The listener for the rooms engine: its events join the same queue. */
    RoomListener rooms() {
        return rooms;
    }

    private final RoomListener rooms = new RoomListener() {
        @Override
        public void roomChanged(RoomInfo room) {
            queue.offer(new UiEvent.RoomChanged(room));
        }

        @Override
        public void invited(RoomInvite invite) {
            queue.offer(new UiEvent.RoomInvited(invite));
        }

        @Override
        public void messageReceived(RoomMessage message) {
            queue.offer(new UiEvent.RoomMessageReceived(message));
        }

        @Override
        public void messageChanged(RoomMessage message) {
            queue.offer(new UiEvent.RoomMessageChanged(message));
        }

        @Override
        public void left(String room, String name, String reason) {
            queue.offer(new UiEvent.RoomLeft(room, name, reason));
        }

        @Override
        public void warning(String code, String room, String message) {
            queue.offer(new UiEvent.RoomWarning(code, room, message));
        }
    };

    /** A file transfer changed (the listener of {@code Chat.transfers()}). */
    void transfer(dev.parley.chat.TransferInfo t) {
        queue.offer(new UiEvent.TransferChanged(t));
    }

    /** UI thread: applies at most {@code max} queued events in order; returns how many. */
    int drain(int max, Consumer<UiEvent> sink) {
        int n = 0;
        UiEvent e;
        while (n < max && (e = queue.poll()) != null) {
            sink.accept(e);
            n++;
        }
        return n;
    }

    /** UI thread: waits up to {@code nanos} for an event to arrive, without taking it. */
    void await(long nanos) throws InterruptedException {
        UiEvent e = queue.pollFirst(nanos, TimeUnit.NANOSECONDS);
        if (e != null) {
            queue.offerFirst(e);
        }
    }

    /**
     * UI thread, just before the UI takes the engine's snapshot of peers and conversations: drops the
     * events that snapshot already reflects (everything but warnings and a room's end, which it does not
     * contain). Returns the received messages among them (a room's as {@link RoomsEngine#forHandOver}), in
     * order: the UI still owes the engines their hand-over.
     */
    List<ChatMessage> discardSnapshotted() {
        List<ChatMessage> received = new ArrayList<>();
        queue.removeIf(e -> {
            if (e instanceof UiEvent.MessageReceived mr) {
                received.add(mr.message());
            } else if (e instanceof UiEvent.RoomMessageReceived rm) {
                received.add(RoomsEngine.forHandOver(rm.message()));
            }
            return !(e instanceof UiEvent.WarningRaised || e instanceof UiEvent.RoomWarning
                    || e instanceof UiEvent.RoomLeft);
        });
        return received;
    }

    int pending() {
        return queue.size();
    }
}
