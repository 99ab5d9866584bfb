package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.rooms.RoomMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pane shows: the messages of one conversation and the UI's notices, in arrival order. Messages
 * are kept by direction and id, so a status change updates the line in place, and a peer that reuses the
 * id of one of our messages (ids are the sender's choice) adds a line of its own instead of rewriting ours.
 * <p>
 * Bounded, so that a peer cannot make the UI hold more than this: at most {@link #MAX_ENTRIES} entries and
 * {@link #MAX_CHARS} characters of text; beyond either, the oldest entries leave memory (in batches, so
 * adding stays cheap) and a {@link Entry.Kind#DROPPED} line stands at the top instead of them.
 * <p>
 * Entries are addressed by <em>position</em>: the n-th entry ever added is at position n, for good, so a
 * scroll anchor stays on its line while older lines are dropped in front of it. {@link #begin()} to
 * {@link #end()} is what is visible: not what {@link #clear()} hid, nor what was dropped (the dropped line
 * takes the position just before the first entry still held). UI thread only; not thread-safe.
 */
final class Transcript {
    /** Entries held per pane: some hundred screens of scroll-back. */
    static final int MAX_ENTRIES = 2_000;
    /** Text held per pane, in chars: about 32 messages of the protocol's largest size (32,000 bytes). */
    static final long MAX_CHARS = 1 << 20;
    static final String DROPPED_TEXT = "older messages dropped from memory";

    private final int maxEntries;
    private final long maxChars;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<Key, Entry> byKey = new HashMap<>();
    /** The line of each transfer, by its id, so that progress rewrites it in place. */
    private final Map<String, Entry> transfers = new HashMap<>();
    /** The position of {@code entries.get(0)}: how many entries were dropped. */
    private long dropped;
    /** The first position {@link #clear()} left visible. */
    private long cleared;
    private long chars;
    private Entry droppedLine;
    /** The latest time shown so far, so that a late message never makes the times run backwards. */
    private Instant latest = Instant.EPOCH;

    Transcript() {
        this(MAX_ENTRIES, MAX_CHARS);
    }

    /** For tests: smaller bounds. */
    Transcript(int maxEntries, long maxChars) {
        this.maxEntries = maxEntries;
        this.maxChars = maxChars;
    }

    /** Adds a message or updates the one with its direction and id; returns the new entry, or null for an update. */
    Entry put(ChatMessage m) {
        return put(m, m.time());
    }

    /**
     * As {@link #put(ChatMessage)}, shown at {@code shown} (when it reached us; its author's time is shown
     * beside it when earlier).
     */
    Entry put(ChatMessage m, Instant shown) {
        if (update(m)) {
            return null;
        }
        Entry e = Entry.message(m, shown);
        byKey.put(Key.of(m), e);
        return append(e);
    }

    /**
     * A newer status of a message this pane holds; false (and nothing changes) when it holds none with that
     * direction and id, e.g. because it was dropped from memory.
     */
    boolean update(ChatMessage m) {
        Entry known = byKey.get(Key.of(m));
        if (known == null) {
            return false;
        }
        if (!isRegression(known.message().status(), m.status())) {
            known.update(m);
        }
        return true;
    }

    /** A room's message, added or (the same direction and id) updated; returns the new entry, or null for an update. */
    Entry put(RoomMessage m, Instant shown) {
        if (update(m)) {
            return null;
        }
        ChatMessage asChat = RoomFormat.asChat(m);
        Entry e = Entry.roomMessage(m, asChat, shown);
        byKey.put(Key.of(asChat), e);
        return append(e);
    }

    /** Newer marks of a room message this pane holds; false when it holds none with that direction and id. */
    boolean update(RoomMessage m) {
        ChatMessage asChat = RoomFormat.asChat(m);
        Entry known = byKey.get(Key.of(asChat));
        if (known == null) {
            return false;
        }
        if (known.room() != null && !isRegression(known.message().status(), asChat.status())) {
            known.update(m, asChat);
        }
        return true;
    }

    /** Whether this pane holds the message (by direction and id). */
    boolean holds(ChatMessage m) {
        return byKey.containsKey(Key.of(m));
    }

    /**
     * The line of a transfer: added the first time, rewritten in place after (its text, not its place or
     * time). Returns the new entry, or null for a rewrite. A line dropped from memory comes back as new.
     */
    Entry putTransfer(String id, Instant time, String text) {
        return putTransfer(id, time, text, Style.NORMAL);
    }

    /** As {@link #putTransfer(String, Instant, String)}, drawn in {@code style}. */
    Entry putTransfer(String id, Instant time, String text, Style style) {
        Entry known = transfers.get(id);
        if (known != null) {
            chars += text.length() - known.text().length();
            known.retext(text, style);
            return null;
        }
        Entry e = Entry.transfer(id, time, text, style);
        transfers.put(id, e);
        return append(e);
    }

    /** The text of a transfer's line, or null if this pane has none. */
    String transferText(String id) {
        Entry e = transfers.get(id);
        return e == null ? null : e.text();
    }

    Entry add(Entry.Kind kind, Instant time, String text) {
        return append(Entry.line(kind, time, text));
    }

    /** Hides everything there is now; what comes after shows. */
    void clear() {
        cleared = end();
    }

    /** The first visible position. */
    long begin() {
        return droppedLineShown() ? dropped - 1 : Math.max(cleared, dropped);
    }

    /** The position after the last entry. */
    long end() {
        return dropped + entries.size();
    }

    /** The entry at a visible position ({@link #begin()} &lt;= position &lt; {@link #end()}). */
    Entry at(long position) {
        if (position == dropped - 1 && droppedLineShown()) {
            return droppedLine;
        }
        return entries.get((int) (position - dropped));
    }

    /** How many entries are visible. */
    int size() {
        return (int) (end() - begin());
    }

    /** The {@code index}-th visible entry. */
    Entry get(int index) {
        return at(begin() + index);
    }

    /**
     * Where an unread rule goes that was meant to stand before {@code marker}: there while it is held; once it
     * was dropped, before the oldest entry held (everything held is newer, so unread). Null for no rule.
     */
    Entry unreadFrom(Entry marker) {
        if (marker == null || marker.position() >= dropped) {
            return marker;
        }
        return entries.isEmpty() ? null : entries.get(0);
    }

    /** Whether some entries were dropped from memory. */
    boolean droppedAny() {
        return dropped > 0;
    }

    /** The latest time of an entry added so far (the epoch for none). */
    Instant latest() {
        return latest;
    }

    private Entry append(Entry e) {
        if (e.time().isAfter(latest)) {
            latest = e.time();
        }
        e.position(end());
        entries.add(e);
        chars += e.text().length();
        if (entries.size() > maxEntries + maxEntries / 10 || chars > maxChars) {
            trim();
        }
        return e;
    }

    /** Drops the oldest entries down to the bounds, with room for a tenth more before the next trim. */
    private void trim() {
        int keepEntries = Math.min(maxEntries, entries.size());
        long keepChars = maxChars - maxChars / 10;
        int n = 0;
        long freed = 0;
        while (n < entries.size() - 1 && (entries.size() - n > keepEntries || chars - freed > keepChars)) {
            Entry e = entries.get(n++);
            freed += e.text().length();
            if (e.message() != null) {
                byKey.remove(Key.of(e.message()), e);
            }
            if (e.transferId() != null) {
                transfers.remove(e.transferId(), e);
            }
        }
        entries.subList(0, n).clear();
        dropped += n;
        chars -= freed;
        if (droppedLine == null && n > 0) {
            droppedLine = Entry.line(Entry.Kind.DROPPED, Instant.EPOCH, DROPPED_TEXT);
        }
    }

    /** The dropped line shows unless a clear hid everything that was dropped anyway. */
    private boolean droppedLineShown() {
        return dropped > cleared;
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
