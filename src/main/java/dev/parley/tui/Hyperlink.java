package dev.parley.tui;

/**
 * OSC 8 hyperlinks, cell by cell. A cell that is part of a link reaches the terminal (through Lanterna's
 * screen, which writes {@code TextCharacter.getCharacterString()}) as {@code ESC ] 8 ; id=ID ; URL ESC \}
 * followed by the cell's text ({@link #cell}); {@link Utf8UnixTerminal} takes the two apart ({@link
 * #parse}), opens the link before the first cell of a run that shares it and closes it ({@link #CLOSE})
 * before anything else is written or the cursor moves. So Lanterna's screen diffing is unchanged: a link's
 * cells are redrawn exactly when they change, and a cell drawn over a link is drawn without one. Only
 * printable ASCII may be a target ({@link #safe}); nothing else is ever written. Stateless and thread-safe.
 */
final class Hyperlink {
    static final String CLOSE = "\033]8;;\033\\";
    private static final String OPEN = "\033]8;";
    private static final String ST = "\033\\";

    private Hyperlink() {}

    /** What opens a link: {@code ESC ] 8 ; id=ID ; URL ESC \}. */
    static String open(Link link) {
        return OPEN + "id=" + link.id() + ";" + link.url() + ST;
    }

    /** A cell's string: the link's opening, then the text. */
    static String cell(Link link, String text) {
        return open(link) + text;
    }

    /** A cell string taken apart: the opening sequence and the visible text; null if it is not a link's cell. */
    record Parsed(String open, String text) {}

    static Parsed parse(String cell) {
        if (!cell.startsWith(OPEN)) {
            return null;
        }
        int st = cell.indexOf(ST, OPEN.length());
        if (st < 0) {
            return null;
        }
        return new Parsed(cell.substring(0, st + ST.length()), cell.substring(st + ST.length()));
    }

    /**
     * Which link is open on the terminal, as cells are written one after the other: a link's cell writes its
     * opening unless that link is open already, anything else closes it first. UI thread only; not
     * thread-safe.
     */
    static final class Writer {
        private String open;

        /** What to write for a cell string: control (opening or closing a link, or nothing) and the text. */
        record Out(String control, String text) {}

        Out cell(String cell) {
            Parsed p = parse(cell);
            if (p == null) {
                return new Out(close(), cell);
            }
            if (p.open().equals(open)) {
                return new Out("", p.text());
            }
            String control = close() + p.open();
            open = p.open();
            return new Out(control, p.text());
        }

        /** What closes the open link ({@link #CLOSE}), or nothing when none is open. */
        String close() {
            if (open == null) {
                return "";
            }
            open = null;
            return CLOSE;
        }
    }

    /** Only printable ASCII, at most {@link Urls#MAX_LENGTH}: no control character or escape can be in it. */
    static boolean safe(String url) {
        return !url.isEmpty() && url.length() <= Urls.MAX_LENGTH && url.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }
}
