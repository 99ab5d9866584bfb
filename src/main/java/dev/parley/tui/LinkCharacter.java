package dev.parley.tui;

import com.googlecode.lanterna.SGR;
import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.TextColor;

import java.util.EnumSet;
import java.util.Objects;

/**
 * One cell of a link: one printable ASCII character, one column, whose string for the terminal carries the
 * link's opening ({@link Hyperlink#cell}). Equal only to a cell of the same character, style and link, so
 * Lanterna redraws a cell whose link came or went. Immutable.
 */
final class LinkCharacter extends TextCharacter {
    private final String url;
    private final String id;
    private final String string;

    @SuppressWarnings("deprecation") // the only constructor a subclass can call
    LinkCharacter(char c, Link link, TextColor foreground, EnumSet<SGR> modifiers) {
        super(c, foreground, TextColor.ANSI.DEFAULT, modifiers);
        this.url = link.url();
        this.id = link.id();
        this.string = Hyperlink.cell(link, String.valueOf(c));
    }

    @Override
    public String getCharacterString() {
        return string;
    }

    @Override
    public boolean isDoubleWidth() {
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof LinkCharacter l && url.equals(l.url) && id.equals(l.id);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), url, id);
    }

    @Override
    public String toString() {
        return String.valueOf(getCharacter());
    }
}
