package dev.parley.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * The input line: text kept as graphemes (a base character with any combining marks, variation selectors
 * or joined emoji typed after it), so the cursor and Backspace move over a whole character, never half of
 * one. Keeps a history of submitted lines for Up/Down. UI thread only; not thread-safe.
 */
final class LineEditor {
    static final int HISTORY_LIMIT = 500;

    private final List<String> graphemes = new ArrayList<>();
    private final List<String> history;
    private int cursor;
    private int historyPos = -1;
    private String draft = "";
    private char pendingHigh;
    /** What the last Ctrl-K, Ctrl-U, Ctrl-W or Alt-Backspace deleted, for Ctrl-Y. */
    private List<String> killed = List.of();

    LineEditor() {
        this(new ArrayList<>());
    }

    /** An editor whose submitted lines go into {@code history}, which other editors may share. */
    LineEditor(List<String> history) {
        this.history = history;
    }

    /** Inserts one typed character; surrogate halves are paired up, marks join the grapheme before them. */
    void insert(char c) {
        if (Character.isHighSurrogate(c)) {
            pendingHigh = c;
            return;
        }
        int cp = c;
        if (Character.isLowSurrogate(c) && pendingHigh != 0) {
            cp = Character.toCodePoint(pendingHigh, c);
        }
        pendingHigh = 0;
        insertCodePoint(cp);
    }

    void insert(String s) {
        s.codePoints().forEach(this::insertCodePoint);
    }

    private void insertCodePoint(int cp) {
        String s = new String(Character.toChars(cp));
        if (cursor > 0 && joinsPrevious(cp, graphemes.get(cursor - 1))) {
            graphemes.set(cursor - 1, graphemes.get(cursor - 1) + s);
        } else {
            graphemes.add(cursor, s);
            cursor++;
        }
    }

    private static boolean joinsPrevious(int cp, String previous) {
        return DisplayText.isZeroWidth(cp) || (cp >= 0x1F3FB && cp <= 0x1F3FF) || previous.endsWith("\u200D")
                || (DisplayText.isRegionalIndicator(cp) && previous.codePointCount(0, previous.length()) == 1
                        && DisplayText.isRegionalIndicator(previous.codePointAt(0))); // a flag
    }

    void left() {
        cursor = Math.max(0, cursor - 1);
    }

    void right() {
        cursor = Math.min(graphemes.size(), cursor + 1);
    }

    void home() {
        cursor = 0;
    }

    void end() {
        cursor = graphemes.size();
    }

    void backspace() {
        if (cursor > 0) {
            graphemes.remove(--cursor);
        }
    }

    void delete() {
        if (cursor < graphemes.size()) {
            graphemes.remove(cursor);
        }
    }

    /** Ctrl-W: deletes the spaces before the cursor, then the word before them (up to a space). */
    void deleteWordBefore() {
        int from = cursor;
        while (from > 0 && isBlank(graphemes.get(from - 1))) {
            from--;
        }
        while (from > 0 && !isBlank(graphemes.get(from - 1))) {
            from--;
        }
        kill(from, cursor);
    }

    /** Alt-Backspace: deletes back to the start of the word (letters and digits) before the cursor. */
    void deleteAlnumWordBefore() {
        kill(wordStartBefore(cursor), cursor);
    }

    /** Ctrl-U: deletes everything before the cursor. */
    void deleteToStart() {
        kill(0, cursor);
    }

    /** Ctrl-K: deletes from the cursor to the end. */
    void deleteToEnd() {
        kill(cursor, graphemes.size());
    }

    /** Ctrl-Y: puts back what Ctrl-K, Ctrl-U, Ctrl-W or Alt-Backspace deleted last. */
    void yank() {
        for (String g : killed) {
            graphemes.add(cursor++, g);
        }
    }

    /** Ctrl-T: swaps the characters before and at the cursor (the last two at the end), and moves on. */
    void transpose() {
        if (graphemes.size() < 2 || cursor == 0) {
            return;
        }
        int at = cursor == graphemes.size() ? cursor - 1 : cursor;
        String before = graphemes.get(at - 1);
        graphemes.set(at - 1, graphemes.get(at));
        graphemes.set(at, before);
        cursor = Math.min(graphemes.size(), at + 1);
    }

    /** Alt-B, Ctrl-Left: to the start of this or the previous word. */
    void wordLeft() {
        cursor = wordStartBefore(cursor);
    }

    /** Alt-F, Ctrl-Right: to the end of this or the next word. */
    void wordRight() {
        int i = cursor;
        while (i < graphemes.size() && !isWordChar(graphemes.get(i))) {
            i++;
        }
        while (i < graphemes.size() && isWordChar(graphemes.get(i))) {
            i++;
        }
        cursor = i;
    }

    private int wordStartBefore(int from) {
        int i = from;
        while (i > 0 && !isWordChar(graphemes.get(i - 1))) {
            i--;
        }
        while (i > 0 && isWordChar(graphemes.get(i - 1))) {
            i--;
        }
        return i;
    }

    private void kill(int from, int to) {
        if (from >= to) {
            return;
        }
        List<String> cut = graphemes.subList(from, to);
        killed = new ArrayList<>(cut);
        cut.clear();
        cursor = from;
    }

    private static boolean isWordChar(String grapheme) {
        return Character.isLetterOrDigit(grapheme.codePointAt(0));
    }

    /** Up: the previous history line (the line being written is kept as a draft). */
    void historyUp() {
        if (history.isEmpty() || historyPos == 0) {
            return;
        }
        if (historyPos == -1) {
            draft = text();
            historyPos = history.size() - 1;
        } else {
            historyPos--;
        }
        replace(history.get(historyPos));
    }

    /** Down: the next history line, or back to the draft after the newest. */
    void historyDown() {
        if (historyPos == -1) {
            return;
        }
        if (historyPos < history.size() - 1) {
            historyPos++;
            replace(history.get(historyPos));
        } else {
            historyPos = -1;
            replace(draft);
        }
    }

    /** Returns the line, empties the editor, and remembers non-blank lines in the history. */
    String submit() {
        String line = text();
        if (!line.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(line))) {
            history.add(line);
            if (history.size() > HISTORY_LIMIT) {
                history.remove(0);
            }
        }
        replace("");
        historyPos = -1;
        draft = "";
        return line;
    }

    String text() {
        return String.join("", graphemes);
    }

    boolean isEmpty() {
        return graphemes.isEmpty();
    }

    /** The text as graphemes ({@code "\n"} for a line break); a view, for drawing. */
    List<String> graphemes() {
        return java.util.Collections.unmodifiableList(graphemes);
    }

    /** The text before the cursor. */
    String textBeforeCursor() {
        return String.join("", graphemes.subList(0, cursor));
    }

    /** Deletes {@code codePoints} code points' worth of graphemes before the cursor (a completed word). */
    void deleteBefore(int codePoints) {
        int from = cursor;
        int n = 0;
        while (from > 0 && n < codePoints) {
            String g = graphemes.get(--from);
            n += g.codePointCount(0, g.length());
        }
        graphemes.subList(from, cursor).clear();
        cursor = from;
    }

    /** Inserts a line break at the cursor (Alt-Enter, a paste). */
    void newline() {
        graphemes.add(cursor++, "\n");
    }

    boolean isMultiLine() {
        return graphemes.contains("\n");
    }

    /** The cursor, counted in graphemes. */
    int cursor() {
        return cursor;
    }

    /** The glyphs of the line and the display column of the cursor within them. */
    List<Glyph> glyphs(Style style) {
        List<Glyph> out = new ArrayList<>();
        for (String g : graphemes) {
            out.addAll(Glyph.of(g, style));
        }
        return out;
    }

    int cursorColumn() {
        int col = 0;
        for (int i = 0; i < cursor; i++) {
            col += DisplayText.width(graphemes.get(i));
        }
        return col;
    }

    private void replace(String s) {
        graphemes.clear();
        cursor = 0;
        insert(s);
    }

    private static boolean isBlank(String grapheme) {
        return grapheme.isBlank();
    }
}
