package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pane shows: the messages of one conversation and the UI's notices, in arrival order. Messages
 * are kept by direction and id, so a status change updates the line in place, and a peer that reuses the
 * id of one of our messages (ids are the sender's choice) adds a line of its own instead of rewriting ours. {@link #clear()} hides what is there now
 * (the engine keeps the conversation). Indices below are "visible" indices, counted from the last clear.
 * UI thread only; not thread-safe.
 */
final class Transcript {
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Key, Entry> byKey = new HashMap<>();
    private int start;

    /** Adds a message or updates the one with its id; returns the new entry, or null for an update. */
    Entry put(ChatMessage m) {
        Entry known = byKey.get(Key.of(m));
        if (known != null) {
            if (!isRegression(known.message().status(), m.status())) {
                known.update(m);
            }
            return null;
        }
        Entry e = Entry.message(m);
        byKey.put(Key.of(m), e);
        entries.add(e);
        return e;
    }

    Entry add(Entry.Kind kind, Instant time, String text) {
        Entry e = Entry.line(kind, time, text);
        entries.add(e);
        return e;
    }

    void clear() {
        start = entries.size();
    }

    int size() {
        return entries.size() - start;
    }

    Entry get(int index) {
        return entries.get(start + index);
    }

    /** Ours and theirs are apart: the sender picks a message's id. */
    private record Key(boolean outgoing, String id) {
        static Key of(ChatMessage m) {
            return new Key(m.outgoing(), m.id());
        }
    }

    /** An event that was queued before a snapshot must not undo a later delivery receipt. */
    private static boolean isRegression(MessageStatus was, MessageStatus now) {
        return was == MessageStatus.DELIVERED && now != MessageStatus.DELIVERED;
    }
}
