package dev.parley.tui;

import java.util.Locale;

/**
 * The colours ({@code theme} setting): for a dark background, a light one, or none at all (bold and reverse
 * only; also what {@code NO_COLOR} asks for).
 */
public enum Theme {
    DARK, LIGHT, NONE;

    /** The setting's value; null when it is not one. */
    public static Theme parse(String raw) {
        for (Theme t : values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(raw.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        return null;
    }
}
