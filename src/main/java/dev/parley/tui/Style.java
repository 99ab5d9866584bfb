package dev.parley.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;

/** How a cell looks: foreground colour, bold, reverse. Immutable. */
record Style(TextColor foreground, boolean bold, boolean reverse) {
    static final Style NORMAL = new Style(TextColor.ANSI.DEFAULT, false, false);
    /** Lanterna has no faint SGR, so "dim" is bright black, which every 16-colour terminal shows as grey. */
    static final Style DIM = new Style(TextColor.ANSI.BLACK_BRIGHT, false, false);
    static final Style BOLD = new Style(TextColor.ANSI.DEFAULT, true, false);
    static final Style BAR = new Style(TextColor.ANSI.DEFAULT, false, true);
    static final Style ERROR = new Style(TextColor.ANSI.RED, false, false);
    static final Style ALERT = new Style(TextColor.ANSI.RED, true, false);
    static final Style OURS = new Style(TextColor.ANSI.CYAN, true, false);
    static final Style THEIRS = new Style(TextColor.ANSI.GREEN, true, false);
    static final Style GOOD = new Style(TextColor.ANSI.GREEN, false, false);
    static final Style PENDING = new Style(TextColor.ANSI.YELLOW, false, false);
    static final Style UNREAD = new Style(TextColor.ANSI.YELLOW, true, false);

    Style reversed() {
        return new Style(foreground, bold, true);
    }

    EnumSet<SGR> modifiers() {
        EnumSet<SGR> s = EnumSet.noneOf(SGR.class);
        if (bold) {
            s.add(SGR.BOLD);
        }
        if (reverse) {
            s.add(SGR.REVERSE);
        }
        return s;
    }
}
