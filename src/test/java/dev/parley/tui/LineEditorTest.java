package dev.parley.tui;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LineEditorTest {
    private static LineEditor with(String text) {
        LineEditor e = new LineEditor();
        e.insert(text);
        return e;
    }

    @Test
    void insertsAtTheCursor() {
        LineEditor e = with("helo");
        e.left();
        e.insert('l');
        assertEquals("hello", e.text());
        assertEquals(4, e.cursor());
    }

    @Test
    void homeEndBackspaceDelete() {
        LineEditor e = with("abcd");
        e.home();
        e.delete();
        assertEquals("bcd", e.text());
        e.end();
        e.backspace();
        assertEquals("bc", e.text());
        e.home();
        e.backspace();
        assertEquals("bc", e.text());
        e.end();
        e.delete();
        assertEquals("bc", e.text());
    }

    @Test
    void ctrlWDeletesTheWordBeforeTheCursorAndTheSpacesAfterIt() {
        LineEditor e = with("send this now  ");
        e.deleteWordBefore();
        assertEquals("send this ", e.text());
        e.deleteWordBefore();
        assertEquals("send ", e.text());
    }

    @Test
    void ctrlWInTheMiddleKeepsWhatFollows() {
        LineEditor e = with("one two three");
        for (int i = 0; i < 6; i++) {
            e.left();
        }
        e.deleteWordBefore();
        assertEquals("one  three", e.text());
        assertEquals(4, e.cursor());
    }

    @Test
    void ctrlUDeletesEverythingBeforeTheCursor() {
        LineEditor e = with("one two three");
        for (int i = 0; i < 5; i++) {
            e.left();
        }
        e.deleteToStart();
        assertEquals("three", e.text());
        assertEquals(0, e.cursor());
    }

    @Test
    void cursorMovesOverWholeGraphemes() {
        LineEditor e = new LineEditor();
        for (char c : "a日👍e\u0301".toCharArray()) {
            e.insert(c);
        }
        assertEquals(4, e.cursor());
        assertEquals(6, e.cursorColumn()); // 1 + 2 + 2 + 1
        e.backspace();
        assertEquals("a日👍", e.text());
        e.backspace();
        assertEquals("a日", e.text());
        e.left();
        assertEquals(1, e.cursorColumn());
    }

    @Test
    void historyUpDownKeepsTheDraft() {
        LineEditor e = new LineEditor();
        e.insert("first");
        assertEquals("first", e.submit());
        e.insert("second");
        e.submit();
        e.insert("draft");
        e.historyUp();
        assertEquals("second", e.text());
        e.historyUp();
        assertEquals("first", e.text());
        e.historyUp();
        assertEquals("first", e.text());
        e.historyDown();
        assertEquals("second", e.text());
        e.historyDown();
        assertEquals("draft", e.text());
        e.historyDown();
        assertEquals("draft", e.text());
    }

    @Test
    void historySkipsBlankLinesAndRepeats() {
        LineEditor e = new LineEditor();
        e.insert("same");
        e.submit();
        e.insert("same");
        e.submit();
        e.insert("   ");
        e.submit();
        e.historyUp();
        assertEquals("same", e.text());
        e.historyUp();
        assertEquals("same", e.text());
        e.historyDown();
        assertTrue(e.isEmpty());
    }
}
