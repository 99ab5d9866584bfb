package dev.parley.tui;

import java.util.Locale;
import java.util.Map;

/**
 * Whether the full-screen UI makes the web and mail addresses in messages clickable, as OSC 8 hyperlinks
 * ({@code links} setting). {@link #AUTO} turns them on only in terminals known to understand OSC 8 ({@link
 * #detect}); one that does not would show the sequence as text (the Linux console does).
 */
public enum Links {
    AUTO, ON, OFF;

    /** The setting's value, as written in {@code parley.properties}; null when it is not one. */
    public static Links parse(String raw) {
        for (Links l : values()) {
            if (l.name().toLowerCase(Locale.ROOT).equals(raw.strip().toLowerCase(Locale.ROOT))) {
                return l;
            }
        }
        return null;
    }

    /** Whether links are drawn: as set, or for {@link #AUTO} as {@link #detect} finds. */
    boolean enabled(Map<String, String> env) {
        return this == ON || (this == AUTO && detect(env));
    }

    /**
     * Whether the terminal is one known for OSC 8: iTerm2, WezTerm, VS Code's, Ghostty, kitty, foot, Alacritty,
     * Windows Terminal, VTE terminals from 0.50 (GNOME Terminal, Tilix…), Konsole from 20.12. Inside tmux, only
     * tmux 3.4 or later, which keeps a link with its cells and passes it on to a terminal it knows can show it
     * (tmux's {@code hyperlinks} terminal feature); older tmux drops it. Inside GNU screen, never. Anything
     * else: no (the Linux console, for one, would print the sequence).
     */
    static boolean detect(Map<String, String> env) {
        String term = env.getOrDefault("TERM", "");
        String program = env.getOrDefault("TERM_PROGRAM", "");
        if (term.equals("dumb") || term.equals("linux") || env.containsKey("STY") || term.startsWith("screen")
                && !env.containsKey("TMUX")) {
            return false;
        }
        if (env.containsKey("TMUX") || program.equals("tmux")) {
            return program.equals("tmux") && atLeast(env.getOrDefault("TERM_PROGRAM_VERSION", ""), 3, 4);
        }
        if (program.equals("iTerm.app") || program.equals("WezTerm") || program.equals("vscode")
                || program.equals("ghostty") || term.equals("xterm-ghostty")) {
            return true;
        }
        if (term.equals("xterm-kitty") || env.containsKey("KITTY_WINDOW_ID") || term.startsWith("foot")
                || term.equals("alacritty") || env.containsKey("WT_SESSION")) {
            return true;
        }
        return number(env.get("VTE_VERSION")) >= 5000 || number(env.get("KONSOLE_VERSION")) >= 201200;
    }

    /** Whether a version like {@code 3.4}, {@code 3.5a} or {@code next-3.6} is at least major.minor. */
    static boolean atLeast(String version, int major, int minor) {
        String v = version.startsWith("next-") ? version.substring(5) : version;
        String[] parts = v.split("\\.", 3);
        if (parts.length < 2) {
            return false;
        }
        int maj = number(parts[0]);
        int min = number(parts[1].replaceAll("[^0-9].*$", ""));
        return maj > major || (maj == major && min >= minor);
    }

    private static int number(String s) {
        if (s == null || s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }
}
