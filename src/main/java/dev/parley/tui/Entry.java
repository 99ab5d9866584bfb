package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.rooms.RoomMessage;

import java.time.Instant;
import java.util.List;

/**
 * One item of a transcript: a chat message (a room's, too: then {@link #room()} has its marks), or a line
 * of the UI's own (system notice, error, warning, help text, the line that stands for entries dropped from
 * memory, a room's line for messages that did not arrive, a file transfer's line). Remembers its last wrap so a redraw at
 * the same width costs nothing, and its position in its transcript. UI thread only.
 */
final class Entry {
    enum Kind { MESSAGE, SYSTEM, ERROR, WARNING, PLAIN, DROPPED, GAP, TRANSFER }

    private final Kind kind;
    private final Instant time;
    private String text;
    private ChatMessage message;
    private RoomMessage room;
    /** The transfer a {@link Kind#TRANSFER} line stands for (its 32-hex id), else null. */
    private String transferId;
    /** How a transfer line is drawn: green once done, red once it failed, else plain. */
    private Style transferStyle = Style.NORMAL;
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

    /** A room's message, as {@code asChat} (its key in the pane) with the room's own marks. */
    static Entry roomMessage(RoomMessage m, ChatMessage asChat, Instant shown) {
        Entry e = message(asChat, shown);
        e.room = m;
        return e;
    }

    static Entry line(Kind kind, Instant time, String text) {
        return new Entry(kind, time, text, null);
    }

    /** The line of a file transfer, rewritten in place as it goes ({@link #retext}). */
    static Entry transfer(String id, Instant time, String text, Style style) {
        Entry e = new Entry(Kind.TRANSFER, time, text, null);
        e.transferId = id;
        e.transferStyle = style;
        return e;
    }

    Style transferStyle() {
        return transferStyle;
    }

    String transferId() {
        return transferId;
    }

    /** A transfer line's new text (its progress); forgets the old wrap. */
    void retext(String newText, Style style) {
        text = newText;
        transferStyle = style;
        wrappedWidth = -1;
        wrapped = null;
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

    /** The room message this entry shows, or null for anything else. */
    RoomMessage room() {
        return room;
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

    /** A newer version of the same room message (its delivery marks changed). */
    void update(RoomMessage newer, ChatMessage asChat) {
        room = newer;
        update(asChat);
    }

    List<List<Glyph>> cachedRows(int width) {
        return width == wrappedWidth ? wrapped : null;
    }

    void cache(int width, List<List<Glyph>> rows) {
        wrappedWidth = width;
        wrapped = rows;
    }
}
