package dev.parley.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * Greedy word wrap of glyphs into rows of at most {@code width} columns, with a hanging indent on every
 * row after the first. Words longer than a row are broken between glyphs; a wide glyph never straddles
 * two rows. {@link Glyph#BREAK} forces a new row. UI thread only; not thread-safe (it counts its calls).
 */
final class Wrapper {
    private long calls;

    /** How many times {@link #wrap} ran: lets tests prove that only visible entries get wrapped. */
    long calls() {
        return calls;
    }

    List<List<Glyph>> wrap(List<Glyph> glyphs, int width, int indent) {
        calls++;
        int hang = indent < width ? indent : 0;
        Rows rows = new Rows(width, hang);
        int i = 0;
        while (i < glyphs.size()) {
            Glyph g = glyphs.get(i);
            if (g == Glyph.BREAK) {
                rows.newRow();
                i++;
            } else {
                int end = runEnd(glyphs, i, g.isSpace());
                List<Glyph> run = glyphs.subList(i, end);
                if (g.isSpace()) {
                    rows.spaces(run);
                } else {
                    rows.word(run);
                }
                i = end;
            }
        }
        return rows.finish();
    }

    private static int runEnd(List<Glyph> glyphs, int from, boolean spaces) {
        int i = from;
        while (i < glyphs.size() && glyphs.get(i) != Glyph.BREAK && glyphs.get(i).isSpace() == spaces) {
            i++;
        }
        return i;
    }

    /** The rows being built. */
    private static final class Rows {
        private final int width;
        private final int indent;
        private final List<List<Glyph>> done = new ArrayList<>();
        private List<Glyph> row = new ArrayList<>();
        private int used;
        private int rowStart;
        private List<Glyph> pendingSpaces = List.of();

        Rows(int width, int indent) {
            this.width = width;
            this.indent = indent;
        }

        void spaces(List<Glyph> run) {
            pendingSpaces = run;
        }

        void word(List<Glyph> word) {
            int spaceWidth = used == rowStart && !done.isEmpty() ? 0 : Glyph.width(pendingSpaces);
            int w = Glyph.width(word);
            if (used + spaceWidth + w <= width) {
                appendSpaces();
                append(word);
            } else if (w <= width - indent) {
                newRow();
                append(word);
            } else {
                if (used + spaceWidth < width) {
                    appendSpaces();
                }
                for (Glyph g : word) {
                    if (used + g.width() > width && used > rowStart) {
                        newRow();
                    }
                    append(List.of(g));
                }
            }
            pendingSpaces = List.of();
        }

        void newRow() {
            done.add(row);
            row = new ArrayList<>();
            for (int i = 0; i < indent; i++) {
                row.add(new Glyph(" ", 1, Style.NORMAL));
            }
            used = indent;
            rowStart = indent;
            pendingSpaces = List.of();
        }

        List<List<Glyph>> finish() {
            done.add(row);
            return done;
        }

        private void appendSpaces() {
            if (used == rowStart && !done.isEmpty()) {
                return;
            }
            append(pendingSpaces);
        }

        private void append(List<Glyph> glyphs) {
            row.addAll(glyphs);
            used += Glyph.width(glyphs);
        }
    }
}
