package dev.parley.tui;

/**
 * Where a scrolled-back pane starts: row {@code row} of the wrapped entry at transcript position
 * {@code entry} (see {@link Transcript}) is the top row. "Following the end" is represented by no Scroll at
 * all (null). Immutable.
 */
record Scroll(long entry, int row) {}
