package dev.parley.tui;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the user has done to the UI, apart from the chat data: focus, the peer under the list cursor,
 * the open conversation, unread counts and markers, scroll positions, the input line, help, the pending
 * quit question, a one-line status. Plain state with the rules that keep it consistent; no Lanterna, no
 * chat engine. UI thread only; not thread-safe.
 */
final class UiState {
    enum Focus { LIST, INPUT }

    /** Key of the status view (shown when no conversation is open) in the scroll map. */
    static final String CONSOLE = "";
    static final String HELP = "?help";
    /**
     * A peer's typing indicator goes out this long after its last typing event: peers repeat the event
     * while typing (every few seconds) and need not say when they stop.
     */
    static final Duration TYPING_TIMEOUT = Duration.ofSeconds(6);

    private Focus focus = Focus.LIST;
    private String selected;
    private String open;
    private final Map<String, Integer> unread = new HashMap<>();
    private final Map<String, Entry> unreadMarker = new HashMap<>();
    private final Map<String, Scroll> scroll = new HashMap<>();
    /** When each typing peer last said so. */
    private final Map<String, Instant> typing = new HashMap<>();
    /** The lines submitted, for Up/Down in every draft. */
    private final List<String> inputHistory = new ArrayList<>();
    /** One input draft per conversation (and one for the status view), so a draft never follows you. */
    private final Map<String, LineEditor> drafts = new HashMap<>();
    private boolean helpVisible;
    private int quitQuestion;
    private String status;
    private boolean statusIsError;
    private boolean away;
    private String pendingPaste;
    private final Search search = new Search();

    Focus focus() {
        return focus;
    }

    void focus(Focus f) {
        focus = f;
    }

    String selected() {
        return selected;
    }

    void select(String fingerprint) {
        selected = fingerprint;
    }

    /** The fingerprint of the open conversation, or null when the status view is shown. */
    String open() {
        return open;
    }

    /** Opens a conversation (null: the status view): its unread count goes, its marker stays while open. */
    void open(String fingerprint) {
        if (open != null && !open.equals(fingerprint)) {
            unreadMarker.remove(open);
        }
        if (!java.util.Objects.equals(open, fingerprint)) {
            search.end();
        }
        open = fingerprint;
        if (fingerprint != null) {
            selected = fingerprint;
            unread.remove(fingerprint);
        }
        helpVisible = false;
    }

    /**
     * A message arrived for {@code fingerprint}, shown as {@code entry}. Returns true when it is the first
     * unread one of its conversation (which is not open): the bell rings then, once, and not again for the
     * next ones until the conversation has been read.
     */
    boolean arrived(String fingerprint, Entry entry) {
        if (fingerprint.equals(open)) {
            return false;
        }
        boolean first = unread(fingerprint) == 0;
        unread.merge(fingerprint, 1, Integer::sum);
        unreadMarker.putIfAbsent(fingerprint, entry);
        return first;
    }

    /** We wrote to {@code fingerprint}: what came before is answered, so its count and unread rule go. */
    void replied(String fingerprint) {
        unread.remove(fingerprint);
        unreadMarker.remove(fingerprint);
    }

    /** Conversations with unread messages, for the window title. */
    int unreadTotal() {
        int n = 0;
        for (int u : unread.values()) {
            n += u;
        }
        return n;
    }

    int unread(String fingerprint) {
        return unread.getOrDefault(fingerprint, 0);
    }

    Entry unreadMarker(String fingerprint) {
        return unreadMarker.get(fingerprint);
    }

    /** The key of what the conversation pane shows now, for {@link #scroll(String)}. */
    String viewKey() {
        if (helpVisible) {
            return HELP;
        }
        return open == null ? CONSOLE : open;
    }

    Scroll scroll(String key) {
        return scroll.get(key);
    }

    void scroll(String key, Scroll s) {
        if (s == null) {
            scroll.remove(key);
        } else {
            scroll.put(key, s);
        }
    }

    /**
     * A peer is gone from the list: everything kept about it goes; its conversation, if open, closes (the
     * status view shows), and the cursor, if on it, is left for the caller to move.
     */
    void forget(String fingerprint) {
        unread.remove(fingerprint);
        unreadMarker.remove(fingerprint);
        scroll.remove(fingerprint);
        typing.remove(fingerprint);
        drafts.remove(fingerprint);
        if (fingerprint.equals(open)) {
            open = null;
        }
        if (fingerprint.equals(selected)) {
            selected = null;
        }
    }

    boolean isTyping(String fingerprint) {
        return typing.containsKey(fingerprint);
    }

    /** A typing event at {@code now}; an active one (re)starts the peer's {@link #TYPING_TIMEOUT}. */
    void typing(String fingerprint, boolean active, Instant now) {
        if (active) {
            typing.put(fingerprint, now);
        } else {
            typing.remove(fingerprint);
        }
    }

    /** Ends the typing indicators older than {@link #TYPING_TIMEOUT}; true when one ended. */
    boolean expireTyping(Instant now) {
        return typing.values().removeIf(since -> !now.isBefore(since.plus(TYPING_TIMEOUT)));
    }

    /** The input draft of what is open (a conversation, or the status view). */
    LineEditor input() {
        return drafts.computeIfAbsent(open == null ? CONSOLE : open, k -> new LineEditor(inputHistory));
    }

    boolean helpVisible() {
        return helpVisible;
    }

    void helpVisible(boolean visible) {
        helpVisible = visible;
        scroll.remove(HELP);
    }

    /** True while the UI asks whether to leave with undelivered messages. */
    boolean quitPending() {
        return quitQuestion > 0;
    }

    void askQuit(int undelivered) {
        quitQuestion = undelivered;
    }

    void cancelQuit() {
        quitQuestion = 0;
    }

    /** The question, or null when none is asked. */
    String quitQuestion() {
        if (quitQuestion == 0) {
            return null;
        }
        return quitQuestion + (quitQuestion == 1 ? " message" : " messages")
                + " undelivered; press Ctrl-C again or /quit to leave";
    }

    /** The search in the pane that shows (one at a time; opening another pane ends it). */
    Search search() {
        return search;
    }

    /** A long paste waiting for the user's yes (into the input) or no; null when none. */
    String pendingPaste() {
        return pendingPaste;
    }

    void pendingPaste(String text) {
        pendingPaste = text;
    }

    /** The question for {@link #pendingPaste()}, or null. */
    String pasteQuestion() {
        if (pendingPaste == null) {
            return null;
        }
        long lines = pendingPaste.chars().filter(c -> c == '\n').count() + 1;
        return "paste " + lines + " lines (" + pendingPaste.length() + " characters) into the input? Enter: yes"
                + " · Esc: no";
    }

    String status() {
        return status;
    }

    boolean statusIsError() {
        return statusIsError;
    }

    void status(String text, boolean error) {
        status = text;
        statusIsError = error;
    }

    void clearStatus() {
        status = null;
        statusIsError = false;
    }

    boolean away() {
        return away;
    }

    void away(boolean value) {
        away = value;
    }
}
