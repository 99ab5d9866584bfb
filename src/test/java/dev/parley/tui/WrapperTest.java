package dev.parley.tui;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WrapperTest {
    private final Wrapper wrapper = new Wrapper();

    private List<String> wrap(String text, int width, int indent) {
        List<String> out = new ArrayList<>();
        for (List<Glyph> row : wrapper.wrap(Glyph.of(text, Style.NORMAL), width, indent)) {
            out.add(Glyph.plain(row));
        }
        return out;
    }

    @Test
    void shortTextIsOneRow() {
        assertEquals(List.of("hello world"), wrap("hello world", 20, 4));
    }

    @Test
    void wrapsAtWordBoundariesWithAHangingIndent() {
        assertEquals(List.of("09:00 bob: the quick", "           brown fox", "           jumps"),
                wrap("09:00 bob: the quick brown fox jumps", 20, 11));
    }

    @Test
    void aWordLongerThanARowIsBrokenBetweenCharacters() {
        assertEquals(List.of("ab abcdefg", "  hijklmno", "  pqr"), wrap("ab abcdefghijklmnopqr", 10, 2));
    }

    @Test
    void aWideCharacterNeverStraddlesTwoRows() {
        List<List<Glyph>> rows = wrapper.wrap(Glyph.of("abcd日本語日本語", Style.NORMAL), 7, 0);
        for (List<Glyph> row : rows) {
            assertTrue(Glyph.width(row) <= 7, Glyph.plain(row));
        }
        assertEquals("abcd日", Glyph.plain(rows.get(0)));
        assertEquals("本語日", Glyph.plain(rows.get(1)));
    }

    @Test
    void lineBreaksStartANewIndentedRow() {
        List<Glyph> glyphs = new ArrayList<>(Glyph.of("a: one", Style.NORMAL));
        glyphs.add(Glyph.BREAK);
        glyphs.addAll(Glyph.of("two", Style.NORMAL));
        List<String> rows = new ArrayList<>();
        for (List<Glyph> r : wrapper.wrap(glyphs, 20, 3)) {
            rows.add(Glyph.plain(r));
        }
        assertEquals(List.of("a: one", "   two"), rows);
    }

    @Test
    void indentWiderThanTheRowIsIgnoredRatherThanLoopingForever() {
        assertEquals(List.of("abc", "def"), wrap("abc def", 4, 9));
    }

    @Test
    void countsItsCalls() {
        long before = wrapper.calls();
        wrap("x", 5, 0);
        wrap("y", 5, 0);
        assertEquals(before + 2, wrapper.calls());
    }
}
