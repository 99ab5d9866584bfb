package dev.parley.tui;

/**
 * One address in one message, shown as {@code cells} glyphs that each carry this link: its target is its
 * text (see {@link Urls}). Equal only to itself, so that the same address twice on a screen is two links, and
 * {@link Canvas} can tell whether all of one is in view. Immutable.
 */
final class Link {
    private final String url;
    private final String id;
    private final int cells;

    Link(String url, String id) {
        if (!Hyperlink.safe(url) || !id.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'z')) {
            throw new IllegalArgumentException("not a link Parley draws");
        }
        this.url = url;
        this.id = id;
        this.cells = url.length(); // printable ASCII: one glyph per character
    }

    String url() {
        return url;
    }

    /** Tells the terminal that the rows of a wrapped link are one link (OSC 8's {@code id}). */
    String id() {
        return id;
    }

    int cells() {
        return cells;
    }
}
