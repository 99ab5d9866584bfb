package dev.parley.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Objects;

/**
 * One screen cell holding a grapheme of several code points: 👍🏽, a ZWJ family, a flag (two columns wide), or
 * a letter with combining marks that NFC could not fold into it, {@code q̇} (as wide as the letter). Lanterna
 * 3.1.3 splits text with the JDK's {@code BreakIterator}, which in Java 17 knows no emoji sequences, and counts
 * any {@link TextCharacter} longer than one {@code char} as two columns, so such a grapheme cannot be one of
 * its own characters; this one carries it whole, with its true width.
 * {@link com.googlecode.lanterna.screen.TerminalScreen} writes {@link #getCharacterString()} and advances as
 * many columns as {@link #isDoubleWidth()} says. Immutable.
 */
final class ClusterCharacter extends TextCharacter {
    private final String cluster;
    private final boolean wide;

    @SuppressWarnings("deprecation") // the only constructor a subclass can call
    ClusterCharacter(String cluster, boolean wide, TextColor foreground, EnumSet<SGR> modifiers) {
        super('\uFFFD', foreground, TextColor.ANSI.DEFAULT, modifiers);
        this.cluster = cluster;
        this.wide = wide;
    }

    @Override
    public String getCharacterString() {
        return cluster;
    }

    @Override
    public boolean isDoubleWidth() {
        return wide;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof ClusterCharacter c && cluster.equals(c.cluster) && wide == c.wide;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), cluster, wide);
    }

    @Override
    public String toString() {
        return cluster;
    }
}
