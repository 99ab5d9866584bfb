package dev.parley.tui;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.graphics.TextGraphics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes glyphs into a Lanterna {@link TextGraphics}, clipped to a column limit so that no wide character
 * ever spills over a pane border. With links on, the glyphs of a {@link Link} become link cells ({@link
 * LinkCharacter}, underlined) once the frame is drawn ({@link #finish}), and only if every one of them is on the screen:
 * a link whose start or end is scrolled away, cut at an edge or drawn over is plain text, so that the
 * visible text of a link is always all of its target. UI thread only; not thread-safe.
 */
final class Canvas {
    private static final int CACHE_LIMIT = 4096;

    private final Map<Style, Map<String, TextCharacter>> cache = new HashMap<>();
    private TextGraphics graphics;
    private Theme theme = Theme.DARK;
    private boolean links;
    /** This frame's cells of each link: column, row, glyph. */
    private final Map<Link, List<Placed>> placed = new java.util.LinkedHashMap<>();

    private record Placed(int col, int row, Glyph glyph) {}

    /** Whether links are drawn as links (OSC 8), or as the plain text they also are. */
    void links(boolean on) {
        links = on;
    }

    /** The colours to draw in: a style's colour is mapped for a light background, or dropped. */
    void theme(Theme t) {
        theme = t;
        cache.clear();
    }

    void target(TextGraphics graphics) {
        this.graphics = graphics;
        placed.clear();
    }

    /**
     * The frame is drawn: each link all of whose cells are on the screen, each where it was put and not drawn
     * over since, becomes link cells.
     */
    void finish() {
        for (Map.Entry<Link, List<Placed>> e : placed.entrySet()) {
            List<Placed> cells = e.getValue();
            if (cells.size() != e.getKey().cells() || !untouched(cells)) {
                continue;
            }
            for (Placed p : cells) {
                Style style = themed(p.glyph().style(), theme);
                java.util.EnumSet<com.googlecode.lanterna.SGR> modifiers = style.modifiers();
                modifiers.add(com.googlecode.lanterna.SGR.UNDERLINE); // underlined: clickable
                graphics.setCharacter(p.col(), p.row(), new LinkCharacter(p.glyph().text().charAt(0), e.getKey(),
                        style.foreground(), modifiers));
            }
        }
        placed.clear();
    }

    private boolean untouched(List<Placed> cells) {
        for (Placed p : cells) {
            TextCharacter now = graphics.getCharacter(p.col(), p.row());
            if (now == null || !now.equals(character(p.glyph().text(), p.glyph().style()))) {
                return false;
            }
        }
        return true;
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
            if (links && g.link() != null && g.width() == 1) {
                placed.computeIfAbsent(g.link(), k -> new ArrayList<>()).add(new Placed(col, row, g));
            }
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
