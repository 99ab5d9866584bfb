package dev.parley.tui;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Lays out the visible part of a transcript and moves through it. Works backwards from the end (following
 * the newest line) or forwards from a {@link Scroll} anchor, and wraps only the entries it touches, each
 * cached per width: a 10,000-message conversation costs one screenful of wrapping per redraw.
 * The unread marker is one extra row in front of the first unread entry (or the first one held, once that
 * was dropped from memory). Anchors are transcript positions, so they stay on their line as older lines
 * are dropped; an anchor whose line was dropped moves to the top.
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
        Entry rule = t.unreadFrom(marker);
        Scroll s = valid(t, scroll);
        if (s != null) {
            return forward(t, rule, index(t, s), s.row(), width, height);
        }
        List<List<Glyph>> out = new ArrayList<>();
        for (int i = t.size() - 1; i >= 0 && out.size() < height; i--) {
            List<List<Glyph>> rows = rows(t, i, rule, width);
            for (int r = rows.size() - 1; r >= 0 && out.size() < height; r--) {
                out.add(rows.get(r));
            }
        }
        Collections.reverse(out);
        return out;
    }

    /** Scrolls up by {@code n} rows; null (following the end) when everything fits. */
    Scroll up(Transcript t, Entry marker, Scroll scroll, int width, int height, int n) {
        Entry rule = t.unreadFrom(marker);
        Scroll valid = valid(t, scroll);
        Scroll pos = valid != null ? valid : followTop(t, rule, width, height);
        if (pos == null) {
            return null;
        }
        int e = index(t, pos);
        int r = pos.row();
        while (n > 0) {
            if (r > 0) {
                int step = Math.min(r, n);
                r -= step;
                n -= step;
            } else if (e > 0) {
                e--;
                r = rowCount(t, e, rule, width);
            } else {
                break;
            }
        }
        return scroll(t, e, r);
    }

    /** Scrolls down by {@code n} rows; null once the end is in view again. */
    Scroll down(Transcript t, Entry marker, Scroll scroll, int width, int height, int n) {
        Entry rule = t.unreadFrom(marker);
        Scroll valid = valid(t, scroll);
        if (valid == null) {
            return null;
        }
        int e = index(t, valid);
        int r = valid.row();
        while (n > 0 && e < t.size()) {
            int remaining = rowCount(t, e, rule, width) - r;
            if (n < remaining) {
                r += n;
                n = 0;
            } else {
                n -= remaining;
                e++;
                r = 0;
            }
        }
        return anchorOrFollow(t, rule, e, r, width, height);
    }

    /** The first line, or null when everything fits anyway. */
    Scroll top(Transcript t, Entry marker, int width, int height) {
        return anchorOrFollow(t, t.unreadFrom(marker), 0, 0, width, height);
    }

    /**
     * The anchor as it stands now: null (follow the end) when it is past the end; the first visible line when
     * what it pointed at was dropped or cleared in front of it.
     */
    private static Scroll valid(Transcript t, Scroll s) {
        if (s == null || s.entry() >= t.end()) {
            return null;
        }
        return s.entry() < t.begin() ? new Scroll(t.begin(), 0) : s;
    }

    /** The visible index of an anchor's entry. */
    private static int index(Transcript t, Scroll s) {
        return (int) (s.entry() - t.begin());
    }

    private static Scroll scroll(Transcript t, int index, int row) {
        return new Scroll(t.begin() + index, row);
    }

    private Scroll anchorOrFollow(Transcript t, Entry marker, int e, int r, int width, int height) {
        if (e >= t.size() || rowsFrom(t, marker, e, r, width, height + 1) <= height) {
            return null;
        }
        return scroll(t, e, r);
    }

    private List<List<Glyph>> forward(Transcript t, Entry marker, int entry, int row, int width, int height) {
        List<List<Glyph>> out = new ArrayList<>();
        int skip = row;
        for (int i = entry; i < t.size() && out.size() < height; i++) {
            List<List<Glyph>> rows = rows(t, i, marker, width);
            for (int r = skip; r < rows.size() && out.size() < height; r++) {
                out.add(rows.get(r));
            }
            skip = 0;
        }
        return out;
    }

    /** Counts rows from an anchor, stopping at {@code limit}. */
    private int rowsFrom(Transcript t, Entry marker, int entry, int row, int width, int limit) {
        int count = -row;
        for (int i = entry; i < t.size() && count < limit; i++) {
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
                return scroll(t, i, acc + c - height);
            }
            acc += c;
        }
        return null;
    }

    private int rowCount(Transcript t, int i, Entry marker, int width) {
        Entry e = t.get(i);
        return wrapped(e, width).size() + (e == marker ? 1 : 0) + (newDay(t, i) != null ? 1 : 0);
    }

    private List<List<Glyph>> rows(Transcript t, int i, Entry marker, int width) {
        Entry e = t.get(i);
        List<List<Glyph>> rows = wrapped(e, width);
        LocalDate day = newDay(t, i);
        if (e != marker && day == null) {
            return rows;
        }
        List<List<Glyph>> withMarker = new ArrayList<>(rows.size() + 2);
        if (day != null) {
            withMarker.add(formatter.dayRow(day, width));
        }
        if (e == marker) {
            withMarker.add(markerRow(width));
        }
        withMarker.addAll(rows);
        return withMarker;
    }

    /** The entry's day when it differs from the day of the entry before it (a day-change line goes first). */
    private LocalDate newDay(Transcript t, int i) {
        if (i == 0) {
            return null;
        }
        LocalDate day = formatter.day(t.get(i));
        LocalDate before = formatter.day(t.get(i - 1));
        return day == null || before == null || day.equals(before) ? null : day;
    }

    /** An anchor that shows the entry at {@code position} at the top (null when it is in view at the end). */
    Scroll showing(Transcript t, Entry marker, long position, int width, int height) {
        if (position < t.begin() || position >= t.end()) {
            return null;
        }
        return anchorOrFollow(t, t.unreadFrom(marker), (int) (position - t.begin()), 0, width, height);
    }

    /**
     * Where a conversation opens: at its unread rule when what follows the rule is more than a screen (so the
     * first unread message is read first), else at the end (null).
     */
    Scroll opening(Transcript t, Entry marker, int width, int height) {
        Entry rule = t.unreadFrom(marker);
        if (rule == null || rule.position() < t.begin()) {
            return null;
        }
        return anchorOrFollow(t, rule, (int) (rule.position() - t.begin()), 0, width, height);
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
