package dev.parley.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Objects;

/**
 * One screen cell holding a grapheme of several code points (👍🏽, a ZWJ family, a flag), two columns wide.
 * Lanterna 3.1.3 splits text with the JDK's {@code BreakIterator}, which in Java 17 knows no emoji
 * sequences, so such a grapheme cannot be one of its {@link TextCharacter}s; this one carries it whole.
 * {@link com.googlecode.lanterna.screen.TerminalScreen} writes {@link #getCharacterString()} and advances two
 * columns ({@link #isDoubleWidth()}). Immutable.
 */
final class ClusterCharacter extends TextCharacter {
    private final String cluster;

    @SuppressWarnings("deprecation") // the only constructor a subclass can call
    ClusterCharacter(String cluster, TextColor foreground, EnumSet<SGR> modifiers) {
        super('\uFFFD', foreground, TextColor.ANSI.DEFAULT, modifiers);
        this.cluster = cluster;
    }

    @Override
    public String getCharacterString() {
        return cluster;
    }

    @Override
    public boolean isDoubleWidth() {
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && cluster.equals(((ClusterCharacter) o).cluster);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), cluster);
    }

    @Override
    public String toString() {
        return cluster;
    }
}
