package dev.parley.tui;

import java.util.Locale;
import java.util.Map;

/**
 * How the full-screen UI tells you about a message while you look elsewhere ({@code notify} setting):
 * the terminal bell, or a desktop notification through the terminal (OSC 9: iTerm2, kitty, foot, Ghostty,
 * WezTerm; OSC 777: urxvt, foot, VTE terminals, kitty; OSC 99: kitty), or nothing. {@link #AUTO} picks one
 * from the environment ({@link #detect}).
 */
public enum Notify {
    AUTO, BELL, OSC9, OSC777, OSC99, OFF;

    /** The setting's value, as written in {@code parley.properties}; null when it is not one. */
    public static Notify parse(String raw) {
        for (Notify n : values()) {
            if (n.name().toLowerCase(Locale.ROOT).equals(raw.strip().toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        return null;
    }

    /**
     * {@link #AUTO} made concrete from the terminal's variables: kitty understands OSC 99, the terminals
     * known for OSC 9 get it, VTE terminals (GNOME Terminal, Tilix…) and foot OSC 777, every other one the
     * bell (which no terminal misreads; OSC 9 means something else to ConEmu, for one).
     */
    static Notify detect(Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        String program = env.getOrDefault("TERM_PROGRAM", "");
        if (term.equals("xterm-kitty") || env.containsKey("KITTY_WINDOW_ID")) {
            return OSC99;
        }
        if (program.equals("iTerm.app") || program.equals("WezTerm") || program.equals("ghostty")
                || term.equals("xterm-ghostty")) {
            return OSC9;
        }
        if (term.startsWith("foot") || env.containsKey("VTE_VERSION") || term.startsWith("rxvt")) {
            return OSC777;
        }
        return BELL;
    }
}
