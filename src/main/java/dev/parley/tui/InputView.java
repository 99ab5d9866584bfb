package dev.parley.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The input as it is drawn: its text after the prompt, broken at line breaks and wrapped at the edge, each
 * row {@code width} columns; where the cursor is; and which rows show when there are more than fit (those
 * around the cursor). Stateless; thread-safe.
 */
final class InputView {
    /** The rows to draw ({@code rows}), the cursor within them, and how many rows the whole text takes. */
    record Shown(List<List<Glyph>> rows, int cursorRow, int cursorColumn, int totalRows) {}

    private InputView() {}

    /** How many rows the input needs at this width. */
    static int rowsNeeded(LineEditor editor, int width) {
        return layout(editor, width, Integer.MAX_VALUE).totalRows();
    }

    static Shown layout(LineEditor editor, int width, int maxRows) {
        int w = Math.max(2, width);
        List<List<Glyph>> rows = new ArrayList<>();
        List<Glyph> row = new ArrayList<>();
        rows.add(row);
        int col = 0;
        int cursorRow = 0;
        int cursorCol = 0;
        List<String> graphemes = editor.graphemes();
        for (int i = 0; i <= graphemes.size(); i++) {
            if (i == editor.cursor()) {
                if (col >= w) {
                    row = new ArrayList<>();
                    rows.add(row);
                    col = 0;
                }
                cursorRow = rows.size() - 1;
                cursorCol = col;
            }
            if (i == graphemes.size()) {
                break;
            }
            String g = graphemes.get(i);
            if (g.equals("\n")) {
                row = new ArrayList<>();
                rows.add(row);
                col = 0;
                continue;
            }
            for (Glyph glyph : Glyph.of(g, Style.NORMAL)) {
                if (col + glyph.width() > w) {
                    row = new ArrayList<>();
                    rows.add(row);
                    col = 0;
                }
                row.add(glyph);
                col += glyph.width();
            }
        }
        int top = Math.max(0, Math.min(cursorRow - maxRows + 1, rows.size() - maxRows));
        top = Math.max(0, Math.min(top, cursorRow));
        List<List<Glyph>> shown = rows.subList(top, Math.min(rows.size(), top + maxRows));
        return new Shown(new ArrayList<>(shown), cursorRow - top, cursorCol, rows.size());
    }
}
