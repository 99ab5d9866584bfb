package dev.parley.chat;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Makes peer-supplied strings safe to draw on a terminal. Removes terminal escape sequences (ESC and C1
 * introduced: CSI, OSC, DCS, ...), every other C0/C1 control character and DEL, and the invisible
 * characters that reorder or disguise text (bidirectional embeddings, overrides, isolates and marks);
 * unpaired surrogates become U+FFFD. Everything else of Unicode stays: CJK, emoji (with their
 * joiners and variation selectors), combining marks.
 *
 * <p>Texts keep line breaks as {@code \n} (CR LF, CR, U+2028 and U+2029 become {@code \n}; the UI
 * draws lines) and a tab becomes a space. Nicknames are one line: every line break and tab becomes a
 * space, runs of spaces shrink to one, the ends are trimmed.
 *
 * <p>Stateless and thread-safe.
 */
public final class Sanitizer {
    private static final int ESC = 0x1B;
    private static final int BEL = 0x07;
    private static final int C1_DCS = 0x90;
    private static final int C1_SOS = 0x98;
    private static final int C1_CSI = 0x9B;
    private static final int C1_ST = 0x9C;
    private static final int C1_OSC = 0x9D;
    private static final int C1_PM = 0x9E;
    private static final int C1_APC = 0x9F;

    /**
     * What a front end shows for a message whose text has nothing printable once sanitised (a peer sent
     * only escape sequences, control or invisible characters, or spaces): {@code /msg} refuses to send such
     * a text, so it is not shown as an empty line, which would look like a message lost in drawing.
     */
    public static final String NOTHING_PRINTABLE = "(message with no printable characters)";

    private Sanitizer() {}

    /** True if a sanitised text has nothing to show: empty, or only spaces and line breaks. */
    public static boolean nothingPrintable(String sanitised) {
        return sanitised == null || sanitised.isBlank();
    }

    /** A message text for display: see the class comment. Null becomes the empty string. */
    public static String text(String s) {
        return clean(s, true);
    }

    /**
     * A nickname for display: one line, trimmed, single spaces, without the marks Parley draws beside a
     * nickname (see {@link #withoutMarks}). Null becomes the empty string.
     */
    public static String nickname(String s) {
        return withoutMarks(clean(s, false).replaceAll("[\\s\\p{Zs}]+", " ").strip());
    }

    /**
     * A nickname must not forge what Parley draws beside it ({@code bob ✓} looked verified): characters
     * that are or look like its marks (✓ ✗ ⊘ ● ◐ ◌ ○ … and their confusables) are dropped wherever they
     * are, and so is a word made only of {@code !}, {@code *} or {@code ·} look-alikes (the changed-key and
     * new marks, the title's separator); {@code bob!} stays. Invisible default-ignorable fillers (Hangul
     * fillers, U+034F...) are dropped too, but the joiners and variation selectors emoji need stay.
     */
    static String withoutMarks(String nick) {
        if (printableAscii(nick, false) && nick.indexOf('!') < 0 && nick.indexOf('*') < 0) {
            return nick;
        }
        StringBuilder b = new StringBuilder(nick.length());
        nick.codePoints().filter(c -> !Confusables.looksLikeMark(c) && !invisibleFiller(c)).forEach(b::appendCodePoint);
        StringBuilder out = new StringBuilder(b.length());
        for (String word : b.toString().split(" ")) {
            if (!word.isEmpty() && !markWord(word)) {
                out.append(out.length() == 0 ? "" : " ").append(word);
            }
        }
        return out.toString();
    }

    /** Default-ignorable and drawn as nothing, but not a joiner, selector or tag that emoji use. */
    private static boolean invisibleFiller(int c) {
        return c >= 0x80 && Confusables.defaultIgnorable(c) && c != 0x200D && c != 0x200C
                && !(c >= 0xFE00 && c <= 0xFE0F) && !(c >= 0xE0100 && c <= 0xE01EF) && !(c >= 0xE0020 && c <= 0xE007F);
    }

    private static boolean markWord(String word) {
        String skeleton = Confusables.skeleton(Normalizer.normalize(word, Normalizer.Form.NFKC));
        return !skeleton.isEmpty() && skeleton.chars().allMatch(c -> c == '!' || c == '*' || c == '\u00B7' || c == '.');
    }

    /**
     * Loads the Unicode data nicknames are compared with (ICU's, 130-240 ms on first use): call once at
     * start, on a background thread.
     */
    public static void warmUp() {
        Confusables.warmUp();
    }

    /** Cuts {@code s} to at most {@code maxBytes} bytes of UTF-8 without splitting a code point. */
    public static String truncateUtf8(String s, int maxBytes) {
        int bytes = 0;
        int end = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > maxBytes) {
                return s.substring(0, end).strip();
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return s;
    }

    /**
     * The key under which two nicknames count as the same claim: sanitised, NFKC-normalised (so
     * fullwidth and compatibility letters fold), then the UTS #39 confusable skeleton without
     * default-ignorable code points ({@link Confusables#skeleton}: {@code аlice} with a
     * Cyrillic а, {@code b\u034Fob} and {@code bob\uFE0F} are all {@code bob}'s claim) of the lower-case
     * form, in lower case again (a skeleton may map to capitals: {@code 0} is {@code O}).
     */
    public static String nicknameKey(String s) {
        String n = Normalizer.normalize(nickname(s), Normalizer.Form.NFKC);
        StringBuilder b = new StringBuilder(n.length());
        n.codePoints().filter(c -> Character.getType(c) != Character.FORMAT).forEach(b::appendCodePoint);
        // Lower case first, so that ALICE is alice's (the skeleton of capital I is l); a terminal's monospace
        // font tells I from l, and 1 and ı fold to l and i all the same.
        String lower = b.toString().toLowerCase(Locale.ROOT);
        return Confusables.skeleton(lower).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static String clean(String s, boolean multiline) {
        if (s == null) {
            return "";
        }
        if (printableAscii(s, multiline)) {
            return s; // nothing to remove or replace: most texts, and the cheap check
        }
        String in = s.replace("\r\n", "\n");
        StringBuilder out = new StringBuilder(in.length());
        int i = 0;
        while (i < in.length()) {
            int c = in.codePointAt(i);
            int next = i + Character.charCount(c);
            if (c == ESC) {
                i = skipEscape(in, next);
            } else if (c == C1_CSI) {
                i = skipCsi(in, next);
            } else if (c == C1_OSC || c == C1_DCS || c == C1_SOS || c == C1_PM || c == C1_APC) {
                i = skipString(in, next);
            } else {
                append(out, c, multiline);
                i = next;
            }
        }
        return out.toString();
    }

    /** Only printable ASCII (and, in a text, {@code \n}): then {@link #clean} leaves it as it is. */
    private static boolean printableAscii(String s, boolean multiline) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 || c > 0x7E) && !(multiline && c == '\n')) {
                return false;
            }
        }
        return true;
    }

    private static void append(StringBuilder out, int c, boolean multiline) {
        if (c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029 || c == 0x85) {
            out.append(multiline ? '\n' : ' ');
        } else if (c == '\t') {
            out.append(' ');
        } else if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
            out.append('\uFFFD');
        } else if (!isControl(c) && !isBidi(c) && !isInvisible(c)) {
            out.appendCodePoint(c);
        }
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    /**
     * Invisible format characters (zero-width space, byte-order mark, soft hyphen, ...) that only serve
     * to disguise a text or a name; the zero-width joiner and non-joiner and the tag characters stay,
     * as emoji sequences (flags of regions) and some scripts need them.
     */
    private static boolean isInvisible(int c) {
        return Character.getType(c) == Character.FORMAT && c != 0x200D && c != 0x200C
                && !(c >= 0xE0020 && c <= 0xE007F);
    }

    /** Bidirectional embeddings, overrides, isolates and marks: they reorder what follows them. */
    private static boolean isBidi(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    /** After ESC: skips the whole sequence it introduces; returns where normal text resumes. */
    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '[') {
            return skipCsi(s, i + 1);
        }
        if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_') {
            return skipString(s, i + 1);
        }
        // nF sequences: intermediates 0x20-0x2F, then one final 0x30-0x7E (e.g. ESC ( B, ESC c).
        int j = i;
        while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x2F) {
            j++;
        }
        if (j < s.length() && s.charAt(j) >= 0x30 && s.charAt(j) <= 0x7E) {
            return j + 1;
        }
        return j;
    }

    /** Parameters 0x30-0x3F, intermediates 0x20-0x2F, one final byte 0x40-0x7E. */
    private static int skipCsi(String s, int i) {
        int j = i;
        while (j < s.length() && s.charAt(j) >= 0x20 && s.charAt(j) <= 0x3F) {
            j++;
        }
        if (j < s.length() && s.charAt(j) >= 0x40 && s.charAt(j) <= 0x7E) {
            return j + 1;
        }
        return j;
    }

    /** OSC, DCS, SOS, PM, APC: everything up to BEL, ESC \ or ST (or the end). */
    private static int skipString(String s, int i) {
        int j = i;
        while (j < s.length()) {
            char c = s.charAt(j);
            if (c == BEL || c == C1_ST) {
                return j + 1;
            }
            if (c == ESC) {
                return j + 1 < s.length() && s.charAt(j + 1) == '\\' ? j + 2 : j + 1;
            }
            j++;
        }
        return j;
    }
}
