package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A FullScreenUi on a DefaultVirtualTerminal, driven step by step: keys go into the virtual terminal's
 * input queue, {@link #settle()} lets the UI handle everything queued and redraw, and the rows are read
 * back from what the TerminalScreen wrote to the virtual terminal.
 */
final class Harness {
    static final String ALICE_FP = FakeChat.fp("ALICEfp1");
    static final Instant NOW = Instant.parse("2025-01-02T09:05:00Z");

    final RecordingTerminal terminal;
    final TerminalScreen screen;
    final FakeChat chat;
    final FullScreenUi ui;
    /** The UI's clock: starts at {@link #NOW} and moves only when the test advances it. */
    final TestClock clock = new TestClock(NOW);
    int bells;

    Harness(int columns, int rows) {
        this(columns, rows, new FakeChat("alice", ALICE_FP), true);
    }

    Harness(int columns, int rows, FakeChat chat, boolean bell) {
        this(columns, rows, chat, new UiOptions("10.0.0.1", 7447, true, bell, true));
    }

    Harness(int columns, int rows, FakeChat chat, UiOptions options) {
        this(columns, rows, chat, null, options);
    }

    /** With a rooms engine beside the chat: the UI shows rooms. */
    Harness(int columns, int rows, FakeChat chat, dev.parley.rooms.RoomsEngine rooms) {
        this(columns, rows, chat, rooms, new UiOptions("10.0.0.1", 7447, true, true, true));
    }

    Harness(int columns, int rows, FakeChat chat, dev.parley.rooms.RoomsEngine rooms, UiOptions options) {
        try {
            this.chat = chat;
            this.terminal = new RecordingTerminal(new TerminalSize(columns, rows));
            this.screen = new TerminalScreen(terminal);
            this.ui = new FullScreenUi(chat, rooms, options, clock, ZoneOffset.UTC,
                    () -> bells++);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Harness start() {
        try {
            ui.start(screen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Handles every queued event and key, then redraws; returns false once the UI is leaving. */
    boolean settle() {
        try {
            return ui.processPending();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    boolean keys(KeyStroke... keys) {
        for (KeyStroke k : keys) {
            terminal.addInput(k);
        }
        return settle();
    }

    boolean key(KeyType type) {
        return keys(new KeyStroke(type));
    }

    boolean ctrl(char c) {
        return keys(new KeyStroke(c, true, false));
    }

    boolean alt(char c) {
        return keys(new KeyStroke(c, false, true));
    }

    /** Types text as single character keys (surrogate pairs as two keys, as Lanterna delivers them). */
    boolean type(String text) {
        for (char c : text.toCharArray()) {
            terminal.addInput(new KeyStroke(c, false, false));
        }
        return settle();
    }

    /** Types a line and presses Enter. */
    boolean enter(String text) {
        type(text);
        return key(KeyType.Enter);
    }

    void resize(int columns, int rows) {
        terminal.setTerminalSize(new TerminalSize(columns, rows));
        settle();
    }

    int columns() {
        return terminal.getTerminalSize().getColumns();
    }

    int rows() {
        return terminal.getTerminalSize().getRows();
    }

    /** A row as text: a double-width character appears once (its right half is skipped). */
    String row(int row) {
        StringBuilder b = new StringBuilder();
        for (int col = 0; col < columns(); col++) {
            TextCharacter c = terminal.getCharacter(col, row);
            b.append(c.getCharacterString());
            if (c.isDoubleWidth()) {
                col++;
            }
        }
        return b.toString();
    }

    String trimmed(int row) {
        return row(row).stripTrailing();
    }

    List<String> screenText() {
        List<String> out = new ArrayList<>();
        for (int r = 0; r < rows(); r++) {
            out.add(trimmed(r));
        }
        return out;
    }

    TextCharacter at(int col, int row) {
        return terminal.getCharacter(col, row);
    }

    String charAt(int col, int row) {
        return at(col, row).getCharacterString();
    }

    /** The display column where {@code text} starts on a row, or -1. */
    int columnOf(int row, String text) {
        StringBuilder b = new StringBuilder();
        List<Integer> columnAtIndex = new ArrayList<>();
        for (int col = 0; col < columns(); col++) {
            TextCharacter c = terminal.getCharacter(col, row);
            for (int i = 0; i < c.getCharacterString().length(); i++) {
                columnAtIndex.add(col);
            }
            b.append(c.getCharacterString());
            if (c.isDoubleWidth()) {
                col++;
            }
        }
        int index = b.indexOf(text);
        return index < 0 ? -1 : columnAtIndex.get(index);
    }

    /** The row (from the top) where {@code text} appears first, or -1. */
    int rowOf(String text) {
        for (int r = 0; r < rows(); r++) {
            if (row(r).contains(text)) {
                return r;
            }
        }
        return -1;
    }

    String dump() {
        return String.join("\n", screenText());
    }
}
