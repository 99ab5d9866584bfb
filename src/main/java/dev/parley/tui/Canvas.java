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
    private Theme theme = Theme.DARK;

    /** The colours to draw in: a style's colour is mapped for a light background, or dropped. */
    void theme(Theme t) {
        theme = t;
        cache.clear();
    }

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
        return forStyle.computeIfAbsent(text, t -> make(t, themed(style, theme)));
    }

    /**
     * A style in a theme: dark is as the styles say; light swaps the colours a light background washes out
     * (yellow, cyan, bright black) for darker ones; none keeps bold and reverse only.
     */
    static Style themed(Style style, Theme theme) {
        return switch (theme) {
            case DARK -> style;
            case NONE -> new Style(TextColor.ANSI.DEFAULT, style.bold(), style.reverse());
            case LIGHT -> {
                TextColor c = style.foreground();
                TextColor mapped = c == TextColor.ANSI.YELLOW ? TextColor.ANSI.MAGENTA
                        : c == TextColor.ANSI.CYAN ? TextColor.ANSI.BLUE
                        : c == TextColor.ANSI.BLACK_BRIGHT ? TextColor.ANSI.BLACK : c;
                yield new Style(mapped, style.bold(), style.reverse());
            }
        };
    }

    static TextCharacter make(String text, Style style) {
        TextCharacter[] made = TextCharacter.fromString(text, style.foreground(), TextColor.ANSI.DEFAULT,
                style.modifiers());
        boolean wide = DisplayText.width(text) == 2;
        if (made.length == 1 && made[0].isDoubleWidth() == wide) {
            return made[0];
        }
        if (DisplayText.cells(text).size() == 1) {
            // Java 17 splits it (an emoji sequence), or Lanterna counts it two columns (a letter with a mark)
            return new ClusterCharacter(text, wide, style.foreground(), style.modifiers());
        }
        return TextCharacter.fromString(DisplayText.REPLACEMENT, style.foreground(), TextColor.ANSI.DEFAULT,
                style.modifiers())[0];
    }
}
