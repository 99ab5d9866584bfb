package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.terminal.virtual.GraphemeVirtualTerminal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The tests' terminal: a virtual terminal that draws a grapheme of several code points in the columns Parley's
 * {@link DisplayText} gives it (as a real terminal does), and records the control sequences the UI writes
 * beside the cells ({@link RawOutput}: the title, its save and restore, bracketed paste). A link's cells
 * (OSC 8, see {@link Hyperlink}) are drawn as their text, and remembered with their link; {@link #cellStream}
 * is what a real terminal would have been sent for the cells, the links opened and closed as
 * {@link Utf8UnixTerminal} does.
 */
final class RecordingTerminal extends GraphemeVirtualTerminal implements RawOutput {
    private final List<String> raw = new ArrayList<>();
    private boolean failInput;
    private final java.util.Map<com.googlecode.lanterna.TerminalPosition, String> links = new java.util.HashMap<>();
    private final Hyperlink.Writer writer = new Hyperlink.Writer();
    private final StringBuilder cellStream = new StringBuilder();

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
        cellStream.append(writer.close());
        raw.add(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void putString(String string) {
        Hyperlink.Writer.Out out = writer.cell(string);
        cellStream.append(out.control()).append(out.text());
        Hyperlink.Parsed link = Hyperlink.parse(string);
        com.googlecode.lanterna.TerminalPosition at = getCursorPosition();
        if (link != null) {
            links.put(at, link.open());
        } else {
            links.remove(at);
        }
        super.putString(out.text());
    }

    @Override
    public synchronized void setCursorPosition(int column, int row) {
        cellStream.append(writer.close());
        super.setCursorPosition(column, row);
    }

    @Override
    public synchronized void setCursorPosition(com.googlecode.lanterna.TerminalPosition position) {
        cellStream.append(writer.close());
        super.setCursorPosition(position);
    }

    @Override
    public synchronized void flush() {
        cellStream.append(writer.close());
        super.flush();
    }

    @Override
    public synchronized void clearScreen() {
        links.clear();
        super.clearScreen();
    }

    /** The OSC 8 opening of the link the cell belongs to, or null. */
    synchronized String linkAt(int column, int row) {
        return links.get(new com.googlecode.lanterna.TerminalPosition(column, row));
    }

    /** The cells' text and the links' openings and closings, as a real terminal would have got them. */
    synchronized String cellStream() {
        return cellStream.toString();
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
