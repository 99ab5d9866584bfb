package dev.parley.discovery;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Makes a nickname from the network safe to show in a terminal: no escape sequences, no control or
 * bidi-override characters, one line, at most {@link #MAX_BYTES} bytes of UTF-8. Stateless.
 */
final class Nicknames {
    static final int MAX_BYTES = 64;

    /** ANSI/ECMA-48 sequences: CSI (7- and 8-bit), OSC/DCS/APC/PM strings, and two-character escapes. */
    private static final Pattern ESCAPES = Pattern.compile(
            "(\u001B\\[|\u009B)[0-?]*[ -/]*[@-~]?"
                    + "|(\u001B[\\]PX^_]|[\u009D\u0090\u0098\u009E\u009F])[^\u0007\u001B\u009C]*(\u0007|\u001B\\\\|\u009C)?"
                    + "|\u001B[ -~]?");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private Nicknames() {}

    static String sanitise(String raw) {
        String s = ESCAPES.matcher(raw).replaceAll("");
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
                out.append(' ');
            } else if (isVisible(cp)) {
                out.appendCodePoint(cp);
            }
        });
        return truncate(SPACES.matcher(out).replaceAll(" ").strip(), MAX_BYTES);
    }

    /** Cuts {@code s} to at most {@code maxBytes} bytes of UTF-8 without splitting a code point. */
    static String truncate(String s, int maxBytes) {
        if (s.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return s;
        }
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > maxBytes) {
                break;
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end).strip();
    }

    private static boolean isVisible(int cp) {
        if (cp == 0x200D) {
            return true; // zero-width joiner: part of emoji sequences, harmless
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
