package dev.parley.tui;

import dev.parley.chat.ChatMessage;

import java.time.Instant;
import java.util.List;

/**
 * One item of a transcript: a chat message, or a line of the UI's own (system notice, error, warning,
 * help text, the line that stands for entries dropped from memory). Remembers its last wrap so a redraw at
 * the same width costs nothing, and its position in its transcript. UI thread only.
 */
final class Entry {
    enum Kind { MESSAGE, SYSTEM, ERROR, WARNING, PLAIN, DROPPED }

    private final Kind kind;
    private final Instant time;
    private final String text;
    private ChatMessage message;
    private long position;
    private int wrappedWidth = -1;
    private List<List<Glyph>> wrapped;

    private Entry(Kind kind, Instant time, String text, ChatMessage message) {
        this.kind = kind;
        this.time = time;
        this.text = text;
        this.message = message;
    }

    static Entry message(ChatMessage m) {
        return message(m, m.time());
    }

    /** A message shown at {@code shown}: when it reached us, which may be later than its author wrote it. */
    static Entry message(ChatMessage m, Instant shown) {
        return new Entry(Kind.MESSAGE, shown, m.text(), m);
    }

    static Entry line(Kind kind, Instant time, String text) {
        return new Entry(kind, time, text, null);
    }

    Kind kind() {
        return kind;
    }

    Instant time() {
        return time;
    }

    String text() {
        return text;
    }

    ChatMessage message() {
        return message;
    }

    /** Where its transcript put it (see {@link Transcript}). */
    long position() {
        return position;
    }

    void position(long p) {
        position = p;
    }

    /** A newer version of the same message (a status change); forgets the old wrap. */
    void update(ChatMessage newer) {
        message = newer;
        wrappedWidth = -1;
        wrapped = null;
    }

    List<List<Glyph>> cachedRows(int width) {
        return width == wrappedWidth ? wrapped : null;
    }

    void cache(int width, List<List<Glyph>> rows) {
        wrappedWidth = width;
        wrapped = rows;
    }
}
