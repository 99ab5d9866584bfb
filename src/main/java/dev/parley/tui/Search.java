package dev.parley.tui;

import java.util.Locale;

/**
 * Searching the pane that shows, in memory only (nothing of it reaches the disk): {@code /search TEXT}, or
 * Ctrl-R typed as you go; Ctrl-R goes to an older hit, Ctrl-S to a newer one; matches are highlighted while
 * the search lasts. Case-insensitive. A pane holds at most {@link Transcript#MAX_ENTRIES} entries, so a
 * search looks at that many at most. UI thread only; not thread-safe.
 */
final class Search {
    private final LineEditor typed = new LineEditor();
    private boolean active;
    private boolean incremental;
    /** The position of the entry found, or -1. */
    private long hit = -1;

    boolean active() {
        return active;
    }

    /** Whether keys go into the query (Ctrl-R) rather than the input. */
    boolean incremental() {
        return incremental;
    }

    LineEditor typed() {
        return typed;
    }

    String query() {
        return typed.text();
    }

    long hit() {
        return hit;
    }

    void start(String query, boolean incremental) {
        if (!active || !query.isEmpty()) {
            typed.submit();
            typed.insert(query);
        }
        active = true;
        this.incremental = incremental;
        hit = -1;
    }

    /** Enter in a Ctrl-R search: stay where the hit is, keep the highlight, type again. */
    void stopTyping() {
        incremental = false;
    }

    void end() {
        active = false;
        incremental = false;
        hit = -1;
    }

    /** From the newest entry: the newest match (after the query changed). */
    boolean newest(Transcript t) {
        return move(t, t.end(), -1);
    }

    boolean older(Transcript t) {
        return move(t, hit < 0 ? t.end() : hit, -1);
    }

    boolean newer(Transcript t) {
        return hit >= 0 && move(t, hit, 1);
    }

    private boolean move(Transcript t, long from, int direction) {
        String q = fold(query());
        if (q.isEmpty()) {
            return false;
        }
        for (long p = from + direction; p >= t.begin() && p < t.end(); p += direction) {
            if (matches(t.at(p), q)) {
                hit = p;
                return true;
            }
        }
        return false;
    }

    /** How many entries match, and the rank of the hit among them counted from the newest (1-based), or 0. */
    int[] count(Transcript t) {
        String q = fold(query());
        int total = 0;
        int rank = 0;
        for (long p = t.end() - 1; p >= t.begin() && !q.isEmpty(); p--) {
            if (matches(t.at(p), q)) {
                total++;
                if (p == hit) {
                    rank = total;
                }
            }
        }
        return new int[] {rank, total};
    }

    static boolean matches(Entry e, String foldedQuery) {
        return e.kind() != Entry.Kind.DROPPED && fold(e.text()).contains(foldedQuery);
    }

    static String fold(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
