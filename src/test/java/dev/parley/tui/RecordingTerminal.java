package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.virtual.GraphemeVirtualTerminal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' terminal: a virtual terminal that draws a grapheme of several code points in the columns Parley's
 * {@link DisplayText} gives it (as a real terminal does), and records the control sequences the UI writes
 * beside the cells ({@link RawOutput}: the title, its save and restore, bracketed paste).
 */
final class RecordingTerminal extends GraphemeVirtualTerminal implements RawOutput {
    private final List<String> raw = new ArrayList<>();
    private boolean failInput;

    RecordingTerminal(TerminalSize size) {
        super(size);
    }

    @Override
    protected int clusterWidth(String s) {
        List<DisplayText.Cell> cells = DisplayText.cells(s);
        return cells.size() == 1 ? cells.get(0).width() : 0;
    }

    @Override
    public synchronized void writeRaw(byte[] bytes) {
        raw.add(new String(bytes, StandardCharsets.UTF_8));
    }

    /** From now on reading the keyboard fails, as a terminal that went away does. */
    synchronized void failInput() {
        failInput = true;
    }

    @Override
    public synchronized com.googlecode.lanterna.input.KeyStroke pollInput() {
        if (failInput) {
            throw new java.io.UncheckedIOException(new java.io.IOException("input failed"));
        }
        return super.pollInput();
    }

    /** Every control sequence written so far, in order, one string per write. */
    synchronized List<String> raw() {
        return List.copyOf(raw);
    }

    /** All of them, joined. */
    synchronized String rawText() {
        return String.join("", raw);
    }
}
