package com.googlecode.lanterna.terminal.virtual;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Objects;

/**
 * Test support: a virtual terminal that draws a cell of several code points (a letter with combining marks, an
 * emoji with a skin tone, a flag) as one character of the width a real terminal gives it, as xterm, VTE, kitty
 * and tmux do. Lanterna's own virtual terminal splits such a string with the JDK's BreakIterator and counts
 * anything longer than one {@code char} as two columns, so it shifts the rest of the row where a real terminal
 * does not. Here in Lanterna's package because the virtual terminal takes a whole character only through a
 * package-private method. Not thread-safe beyond what the virtual terminal is.
 */
public class GraphemeVirtualTerminal extends DefaultVirtualTerminal {
    private TextColor foreground = TextColor.ANSI.DEFAULT;
    private TextColor background = TextColor.ANSI.DEFAULT;
    private final EnumSet<SGR> modifiers = EnumSet.noneOf(SGR.class);

    public GraphemeVirtualTerminal(TerminalSize size) {
        super(size);
    }

    /** The columns a real terminal gives {@code s} if it is one cell of several code points, else 0. */
    protected int clusterWidth(String s) {
        return 0;
    }

    @Override
    public synchronized void putString(String string) {
        int width = string.codePointCount(0, string.length()) > 1 ? clusterWidth(string) : 0;
        if (width == 0) {
            super.putString(string);
        } else {
            putCharacter(new Cluster(string, width == 2, foreground, background, modifiers));
        }
    }

    @Override
    public synchronized void setForegroundColor(TextColor color) {
        super.setForegroundColor(color);
        foreground = color;
    }

    @Override
    public synchronized void setBackgroundColor(TextColor color) {
        super.setBackgroundColor(color);
        background = color;
    }

    @Override
    public synchronized void enableSGR(SGR sgr) {
        super.enableSGR(sgr);
        modifiers.add(sgr);
    }

    @Override
    public synchronized void disableSGR(SGR sgr) {
        super.disableSGR(sgr);
        modifiers.remove(sgr);
    }

    @Override
    public synchronized void resetColorAndSGR() {
        super.resetColorAndSGR();
        foreground = TextColor.ANSI.DEFAULT;
        background = TextColor.ANSI.DEFAULT;
        modifiers.clear();
    }

    /** One cell holding a whole grapheme, of the width given. */
    public static final class Cluster extends TextCharacter {
        private final String text;
        private final boolean wide;

        @SuppressWarnings("deprecation")
        Cluster(String text, boolean wide, TextColor foreground, TextColor background, EnumSet<SGR> modifiers) {
            super('\uFFFD', foreground, background, modifiers.isEmpty() ? EnumSet.noneOf(SGR.class)
                    : EnumSet.copyOf(modifiers));
            this.text = text;
            this.wide = wide;
        }

        @Override
        public String getCharacterString() {
            return text;
        }

        @Override
        public boolean isDoubleWidth() {
            return wide;
        }

        @Override
        public boolean equals(Object o) {
            return super.equals(o) && o instanceof Cluster c && text.equals(c.text) && wide == c.wide;
        }

        @Override
        public int hashCode() {
            return Objects.hash(super.hashCode(), text, wide);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
