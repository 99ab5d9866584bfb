package dev.parley.tui;

import java.util.ArrayList;
import java.util.List;

/**
 * One styled terminal cell: a display grapheme (see {@link DisplayText}), its width, its style, and the link
 * it is part of (null: none). Immutable.
 */
record Glyph(String text, int width, Style style, Link link) {
    static final Glyph BREAK = new Glyph("\n", 0, Style.NORMAL);

    Glyph(String text, int width, Style style) {
        this(text, width, style, null);
    }

    /** This glyph in another style, still part of its link. */
    Glyph restyled(Style s) {
        return new Glyph(text, width, s, link);
    }

    /** The glyphs of a link's text, each carrying it. */
    static List<Glyph> of(Link link, Style style) {
        List<Glyph> out = new ArrayList<>(link.cells());
        for (DisplayText.Cell c : DisplayText.cells(link.url())) {
            out.add(new Glyph(c.text(), c.width(), style, link));
        }
        return out;
    }

    static List<Glyph> of(String text, Style style) {
        return of(DisplayText.cells(text), style);
    }

    static List<Glyph> of(List<DisplayText.Cell> cells, Style style) {
        List<Glyph> out = new ArrayList<>(cells.size());
        for (DisplayText.Cell c : cells) {
            out.add(new Glyph(c.text(), c.width(), style));
        }
        return out;
    }

    static int width(List<Glyph> glyphs) {
        int w = 0;
        for (Glyph g : glyphs) {
            w += g.width();
        }
        return w;
    }

    static String plain(List<Glyph> glyphs) {
        StringBuilder b = new StringBuilder();
        for (Glyph g : glyphs) {
            b.append(g.text());
        }
        return b.toString();
    }

    /** The glyphs cut to {@code columns}, ending in … (in the style of the last glyph kept) when cut. */
    static List<Glyph> fit(List<Glyph> glyphs, int columns) {
        if (width(glyphs) <= columns) {
            return glyphs;
        }
        List<Glyph> out = new ArrayList<>();
        int used = 0;
        Style last = glyphs.isEmpty() ? Style.NORMAL : glyphs.get(0).style();
        for (Glyph g : glyphs) {
            if (used + g.width() > columns - 1) {
                break;
            }
            out.add(g);
            used += g.width();
            last = g.style();
        }
        if (columns >= 1) {
            out.add(new Glyph(DisplayText.ELLIPSIS, 1, last));
        }
        return out;
    }

    boolean isSpace() {
        return text.equals(" ");
    }
}
