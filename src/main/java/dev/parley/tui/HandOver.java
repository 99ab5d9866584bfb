package dev.parley.tui;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatMessage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells the engine which received messages are on the screen model ({@link Chat#handedOver}; a room's
 * message, as {@code RoomsEngine.forHandOver}, goes to the rooms engine too), so that it
 * acknowledges them to their senders ("delivered" means the user has it) and reads on from them. Every
 * received message is reported once, in the order applied, one call per batch of events. Messages the UI
 * drops or never shows count once applied: one never reported would stall its sender.
 * <p>
 * The engine's snapshot at start and the events queued meanwhile overlap: a message taken from the snapshot
 * may still have its event on the way. The snapshot's ids are kept per peer until that peer's first message
 * newer than the snapshot arrives (events come in the engine's order, so none of the snapshot's can follow).
 * UI thread only; not thread-safe.
 */
final class HandOver {
    private final java.util.function.Consumer<List<ChatMessage>> engines;
    private List<ChatMessage> batch = new ArrayList<>();
    private final Map<String, Set<String>> fromSnapshot = new HashMap<>();

    HandOver(Chat chat) {
        this(chat::handedOver);
    }

    /** Reporting to {@code engines}: the chat engine, and the rooms engine beside it (each takes its own). */
    HandOver(java.util.function.Consumer<List<ChatMessage>> engines) {
        this.engines = engines;
    }

    /** A received message taken from the engine's snapshot and put on the model. */
    void snapshotted(ChatMessage m) {
        if (!m.outgoing()) {
            fromSnapshot.computeIfAbsent(m.peer(), p -> new LinkedHashSet<>()).add(m.id());
            batch.add(m);
        }
    }

    /** A received message whose event was applied to the model (or failed to be: it counts all the same). */
    void received(ChatMessage m) {
        if (m.outgoing()) {
            return;
        }
        Set<String> snapshot = fromSnapshot.get(m.peer());
        if (snapshot != null) {
            if (snapshot.remove(m.id())) {
                return; // reported with the snapshot
            }
            fromSnapshot.remove(m.peer());
        }
        batch.add(m);
    }

    /** Reports what was applied since the last call, if anything, in one call. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        List<ChatMessage> done = batch;
        batch = new ArrayList<>();
        engines.accept(done);
    }
}
