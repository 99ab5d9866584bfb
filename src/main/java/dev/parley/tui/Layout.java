package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;

/**
 * Where everything goes on a screen of a given size. Row 0: header. Rows 1 to {@code bodyBottom}: the
 * peer list (columns 0 to {@code listWidth - 1}), a vertical border at column {@code listWidth}, and the
 * conversation pane (a title row, then the transcript) from column {@code paneLeft}. Then a rule carrying
 * the typing indicator and status, the input (one row, or up to {@link #MAX_INPUT_ROWS} for a multi-line one),
 * and the footer. Immutable.
 */
record Layout(int columns, int rows, int inputRows) {
    /** Below this the panes cannot show a usable conversation, so the UI says so instead. */
    static final int MIN_COLUMNS = 40;
    static final int MIN_ROWS = 10;
    /** A multi-line input grows to this many rows (fewer on a short screen), then scrolls. */
    static final int MAX_INPUT_ROWS = 4;

    Layout(int columns, int rows) {
        this(columns, rows, 1);
    }

    Layout {
        inputRows = Math.max(1, Math.min(inputRows, Math.min(MAX_INPUT_ROWS, (rows - MIN_ROWS) / 2 + 1)));
    }

    static Layout of(TerminalSize size) {
        return new Layout(size.getColumns(), size.getRows());
    }

    /** With room for an input of {@code inputRows} rows (within {@link #MAX_INPUT_ROWS}). */
    static Layout of(TerminalSize size, int inputRows) {
        return new Layout(size.getColumns(), size.getRows(), inputRows);
    }

    boolean tooSmall() {
        return columns < MIN_COLUMNS || rows < MIN_ROWS;
    }

    int listWidth() {
        return Math.max(16, Math.min(28, columns / 4));
    }

    int border() {
        return listWidth();
    }

    int paneLeft() {
        return listWidth() + 2;
    }

    int paneWidth() {
        return columns - paneLeft();
    }

    int bodyTop() {
        return 1;
    }

    int bodyBottom() {
        return rows - 3 - inputRows;
    }

    int bodyHeight() {
        return bodyBottom() - bodyTop() + 1;
    }

    int titleRow() {
        return bodyTop();
    }

    int transcriptTop() {
        return bodyTop() + 1;
    }

    int transcriptHeight() {
        return bodyBottom() - transcriptTop() + 1;
    }

    int ruleRow() {
        return rows - 2 - inputRows;
    }

    /** The input's first row. */
    int inputRow() {
        return rows - 1 - inputRows;
    }

    int footerRow() {
        return rows - 1;
    }
}
