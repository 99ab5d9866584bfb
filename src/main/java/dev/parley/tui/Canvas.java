package dev.parley.tui;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes glyphs into a Lanterna {@link TextGraphics}, clipped to a column limit so that no wide character
 * ever spills over a pane border. UI thread only; not thread-safe.
 */
final class Canvas {
    private static final int CACHE_LIMIT = 4096;

    private final Map<Style, Map<String, TextCharacter>> cache = new HashMap<>();
    private TextGraphics graphics;

    void target(TextGraphics graphics) {
        this.graphics = graphics;
    }

    /**
     * Puts glyphs from {@code col} on {@code row}, stopping before column {@code limit}; a wide glyph that
     * would cross the limit becomes a space. Returns the column after the last one written.
     */
    int put(int col, int row, List<Glyph> glyphs, int limit) {
        for (Glyph g : glyphs) {
            if (g.width() == 0) {
                continue;
            }
            if (col + g.width() > limit) {
                if (col < limit) {
                    set(col, row, " ", g.style());
                    col++;
                }
                break;
            }
            set(col, row, g.text(), g.style());
            col += g.width();
        }
        return col;
    }

    int put(int col, int row, String text, Style style, int limit) {
        return put(col, row, Glyph.of(text, style), limit);
    }

    /** Fills columns {@code [from, to)} of a row with a one-column character. */
    void fill(int from, int to, int row, String ch, Style style) {
        for (int c = from; c < to; c++) {
            set(c, row, ch, style);
        }
    }

    private void set(int col, int row, String text, Style style) {
        graphics.setCharacter(col, row, character(text, style));
    }

    private TextCharacter character(String text, Style style) {
        Map<String, TextCharacter> forStyle = cache.computeIfAbsent(style, s -> new HashMap<>());
        if (forStyle.size() > CACHE_LIMIT) {
            forStyle.clear();
        }
        return forStyle.computeIfAbsent(text, t -> make(t, style));
    }

    static TextCharacter make(String text, Style style) {
        TextCharacter[] made = TextCharacter.fromString(text, style.foreground(), TextColor.ANSI.DEFAULT,
                style.modifiers());
        if (made.length == 1) {
            return made[0];
        }
        if (DisplayText.width(text) == 2 && DisplayText.cells(text).size() == 1) {
            return new ClusterCharacter(text, style.foreground(), style.modifiers()); // Java 17 splits it
        }
        return TextCharacter.fromString(DisplayText.REPLACEMENT, style.foreground(), TextColor.ANSI.DEFAULT,
                style.modifiers())[0];
    }
}
