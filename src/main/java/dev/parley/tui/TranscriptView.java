package dev.parley.tui;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lays out the visible part of a transcript and moves through it. Works backwards from the end (following
 * the newest line) or forwards from a {@link Scroll} anchor, and wraps only the entries it touches, each
 * cached per width: a 10,000-message conversation costs one screenful of wrapping per redraw.
 * The unread marker is one extra row in front of the first unread entry.
 * UI thread only; not thread-safe.
 */
final class TranscriptView {
    private final EntryFormatter formatter;
    private final Wrapper wrapper;

    TranscriptView(EntryFormatter formatter, Wrapper wrapper) {
        this.formatter = formatter;
        this.wrapper = wrapper;
    }

    /** The rows to draw, top first, at most {@code height}. */
    List<List<Glyph>> visible(Transcript t, Entry marker, Scroll scroll, int width, int height) {
        if (scroll != null && scroll.entry() < t.size()) {
            return forward(t, marker, scroll, width, height);
        }
        List<List<Glyph>> out = new ArrayList<>();
        for (int i = t.size() - 1; i >= 0 && out.size() < height; i--) {
            List<List<Glyph>> rows = rows(t, i, marker, width);
            for (int r = rows.size() - 1; r >= 0 && out.size() < height; r--) {
                out.add(rows.get(r));
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** Scrolls up by {@code n} rows; null (following the end) when everything fits. */
    Scroll up(Transcript t, Entry marker, Scroll scroll, int width, int height, int n) {
        Scroll pos = scroll != null && scroll.entry() < t.size() ? scroll : followTop(t, marker, width, height);
        if (pos == null) {
            return null;
        }
        int e = pos.entry();
        int r = pos.row();
        while (n > 0) {
            if (r > 0) {
                int step = Math.min(r, n);
                r -= step;
                n -= step;
            } else if (e > 0) {
                e--;
                r = rowCount(t, e, marker, width);
            } else {
                break;
            }
        }
        return new Scroll(e, r);
    }

    /** Scrolls down by {@code n} rows; null once the end is in view again. */
    Scroll down(Transcript t, Entry marker, Scroll scroll, int width, int height, int n) {
        if (scroll == null) {
            return null;
        }
        int e = scroll.entry();
        int r = scroll.row();
        while (n > 0 && e < t.size()) {
            int remaining = rowCount(t, e, marker, width) - r;
            if (n < remaining) {
                r += n;
                n = 0;
            } else {
                n -= remaining;
                e++;
                r = 0;
            }
        }
        return anchorOrFollow(t, marker, new Scroll(e, r), width, height);
    }

    /** The first line, or null when everything fits anyway. */
    Scroll top(Transcript t, Entry marker, int width, int height) {
        return anchorOrFollow(t, marker, new Scroll(0, 0), width, height);
    }

    private Scroll anchorOrFollow(Transcript t, Entry marker, Scroll s, int width, int height) {
        if (s.entry() >= t.size() || rowsFrom(t, marker, s, width, height + 1) <= height) {
            return null;
        }
        return s;
    }

    private List<List<Glyph>> forward(Transcript t, Entry marker, Scroll s, int width, int height) {
        List<List<Glyph>> out = new ArrayList<>();
        int skip = s.row();
        for (int i = s.entry(); i < t.size() && out.size() < height; i++) {
            List<List<Glyph>> rows = rows(t, i, marker, width);
            for (int r = skip; r < rows.size() && out.size() < height; r++) {
                out.add(rows.get(r));
            }
            skip = 0;
        }
        return out;
    }

    /** Counts rows from an anchor, stopping at {@code limit}. */
    private int rowsFrom(Transcript t, Entry marker, Scroll s, int width, int limit) {
        int count = -s.row();
        for (int i = s.entry(); i < t.size() && count < limit; i++) {
            count += rowCount(t, i, marker, width);
        }
        return count;
    }

    /** Where the top row is when following the end; null when everything fits. */
    private Scroll followTop(Transcript t, Entry marker, int width, int height) {
        int acc = 0;
        for (int i = t.size() - 1; i >= 0; i--) {
            int c = rowCount(t, i, marker, width);
            if (acc + c > height) {
                return new Scroll(i, acc + c - height);
            }
            acc += c;
        }
        return null;
    }

    private int rowCount(Transcript t, int i, Entry marker, int width) {
        Entry e = t.get(i);
        return wrapped(e, width).size() + (e == marker ? 1 : 0);
    }

    private List<List<Glyph>> rows(Transcript t, int i, Entry marker, int width) {
        Entry e = t.get(i);
        List<List<Glyph>> rows = wrapped(e, width);
        if (e != marker) {
            return rows;
        }
        List<List<Glyph>> withMarker = new ArrayList<>(rows.size() + 1);
        withMarker.add(markerRow(width));
        withMarker.addAll(rows);
        return withMarker;
    }

    private List<List<Glyph>> wrapped(Entry e, int width) {
        List<List<Glyph>> rows = e.cachedRows(width);
        if (rows == null) {
            EntryFormatter.Formatted f = formatter.format(e);
            int indent = f.indent() <= width / 2 ? f.indent() : Math.min(6, width / 2);
            rows = wrapper.wrap(f.glyphs(), width, indent);
            e.cache(width, rows);
        }
        return rows;
    }

    static List<Glyph> markerRow(int width) {
        String label = "── unread ";
        StringBuilder b = new StringBuilder(label);
        while (b.length() < width) {
            b.append('─');
        }
        return Glyph.of(b.substring(0, Math.max(0, width)), Style.ERROR);
    }
}
