package dev.parley.tui;

import com.googlecode.lanterna.TerminalTextUtils;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns text from the network into terminal cells whose width Lanterna and a real terminal agree on.
 * Stateless and thread-safe.
 *
 * <p>Why this exists: Lanterna 3.1.3's {@code TerminalScreen} assumes a cell is two columns wide when
 * {@code TextCharacter.isDoubleWidth()} says so (CJK, anything longer than one {@code char}) and writes the
 * following cell without moving the cursor. A terminal that disagrees (a letter plus a combining mark,
 * which Lanterna counts as two columns, or an emoji like ✅ that Lanterna counts as one) then shifts the rest
 * of the row and breaks the panes. So every grapheme is reduced to a form both count the same:
 * <ul>
 *   <li>text is NFC-normalised, so most letter+accent pairs become one precomposed character;</li>
 *   <li>combining marks left over (a letter with a mark that has no precomposed form, {@code q̇}, or with two
 *       of which only one composes, {@code ẹ́}) stay with their letter, one cell as wide as the letter (see
 *       {@link ClusterCharacter}), at most {@link #MAX_MARKS} of them (more is "Zalgo" text, drawn over the
 *       rows around it); a mark with no letter before it is dropped;</li>
 *   <li>variation selectors, format characters (including bidi overrides) are dropped: width 0 (and so are a
 *       skin tone and joined parts after a base that is not a wide emoji);</li>
 *   <li>CJK and wide emoji are two columns; a BMP emoji that terminals draw wide but Lanterna counts narrow
 *       gets a VS16 appended, which makes Lanterna count it as two;</li>
 *   <li>an emoji with a skin tone modifier, an emoji ZWJ sequence (a family) and a flag (a regional indicator
 *       pair) stay whole, one cell two columns wide (see {@link ClusterCharacter}); a lone regional indicator
 *       becomes its letter;</li>
 *   <li>narrow "fancy" supplementary letters are
 *       folded with NFKC; wide characters Lanterna does not know, and control characters, become U+FFFD.</li>
 * </ul>
 * Ambiguous-width characters (box drawing, ●, …) count as one column, as in any non-CJK locale.
 */
final class DisplayText {
    /** One terminal cell: {@code text} is one grapheme Lanterna accepts as a single TextCharacter. */
    record Cell(String text, int width) {
        static final Cell SPACE = new Cell(" ", 1);
    }

    static final String REPLACEMENT = "\uFFFD";
    /** Combining marks kept on one letter; the rest are dropped. */
    static final int MAX_MARKS = 4;
    static final String ELLIPSIS = "…";
    private static final String VS16 = "\uFE0F";
    private static final int ZWJ = 0x200D;

    private DisplayText() {}

    /** The cells of one line of text; line breaks become spaces. */
    static List<Cell> cells(String text) {
        String s = Normalizer.normalize(text, Normalizer.Form.NFC);
        List<Cell> out = new ArrayList<>(s.length());
        int i = 0;
        while (i < s.length()) {
            int base = s.codePointAt(i);
            i += Character.charCount(base);
            if (isRegionalIndicator(base)) {
                if (i < s.length() && isRegionalIndicator(s.codePointAt(i))) {
                    int end = i + Character.charCount(s.codePointAt(i));
                    out.add(new Cell(s.substring(i - Character.charCount(base), end), 2)); // a flag
                    i = end;
                } else {
                    out.add(new Cell(String.valueOf((char) ('A' + base - 0x1F1E6)), 1));
                }
                continue;
            }
            int start = i - Character.charCount(base);
            int end = skipExtenders(s, i);
            Cell cell = cellOf(base);
            if (cell != null && end > i && cell.width() == 2 && isEmoji(base)) {
                // an emoji with a skin tone, or joined into one (a family): one grapheme, kept whole
                cell = new Cell(s.substring(start, end), 2);
            } else if (cell != null && end > i && cell.text().equals(s.substring(start, i))) {
                cell = withMarks(cell, s, i, end); // a letter as it came, with the marks NFC left after it
            }
            i = end;
            if (cell != null) {
                out.add(cell);
            }
        }
        return out;
    }

    /** Display width in columns of a whole string (line breaks count as one space). */
    static int width(String text) {
        int w = 0;
        for (Cell c : cells(text)) {
            w += c.width();
        }
        return w;
    }

    static int width(List<Cell> cells) {
        int w = 0;
        for (Cell c : cells) {
            w += c.width();
        }
        return w;
    }

    /** The text cut to at most {@code columns} columns, ending in … when something was cut. */
    static List<Cell> fit(String text, int columns) {
        return fit(cells(text), columns);
    }

    static List<Cell> fit(List<Cell> cells, int columns) {
        if (width(cells) <= columns) {
            return cells;
        }
        List<Cell> out = new ArrayList<>();
        int used = 0;
        for (Cell c : cells) {
            if (used + c.width() > columns - 1) {
                break;
            }
            out.add(c);
            used += c.width();
        }
        if (columns >= 1) {
            out.add(new Cell(ELLIPSIS, 1));
        }
        return out;
    }

    /** The text (as display cells) joined back into a string; for tests and plain-text output. */
    static String plain(List<Cell> cells) {
        StringBuilder b = new StringBuilder();
        for (Cell c : cells) {
            b.append(c.text());
        }
        return b.toString();
    }

    /** The cell with the combining marks that follow it directly in {@code s[from, end)}, at most MAX_MARKS. */
    private static Cell withMarks(Cell cell, String s, int from, int end) {
        int i = from;
        int marks = 0;
        while (i < end && marks < MAX_MARKS) {
            int cp = s.codePointAt(i);
            if (!isCombiningMark(cp)) {
                break;
            }
            i += Character.charCount(cp);
            marks++;
        }
        return marks == 0 ? cell : new Cell(cell.text() + s.substring(from, i), cell.width());
    }

    /** A non-spacing mark drawn on the character before it (not a variation selector, which picks a form). */
    static boolean isCombiningMark(int cp) {
        return Character.getType(cp) == Character.NON_SPACING_MARK && !(cp >= 0xFE00 && cp <= 0xFE0F)
                && !(cp >= 0xE0100 && cp <= 0xE01EF);
    }

    private static int skipExtenders(String s, int i) {
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (cp == ZWJ) {
                i += Character.charCount(cp);
                if (i < s.length()) {
                    i += Character.charCount(s.codePointAt(i));
                }
            } else if (isZeroWidth(cp) || isEmojiModifier(cp)) {
                i += Character.charCount(cp);
            } else {
                break;
            }
        }
        return i;
    }

    private static Cell cellOf(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029) {
            return Cell.SPACE;
        }
        if (Character.isISOControl(cp) || (cp <= 0xFFFF && Character.isSurrogate((char) cp))) {
            return new Cell(REPLACEMENT, 1);
        }
        if (isZeroWidth(cp)) {
            return null;
        }
        if (Character.isSupplementaryCodePoint(cp)) {
            return supplementary(cp);
        }
        char c = (char) cp;
        if (TerminalTextUtils.isCharCJK(c)) {
            return new Cell(String.valueOf(c), 2);
        }
        if (isWideEmojiBmp(c)) {
            return new Cell(c + VS16, 2);
        }
        if (isOtherWideBmp(c)) {
            return new Cell(REPLACEMENT, 1);
        }
        return new Cell(String.valueOf(c), 1);
    }

    private static Cell supplementary(int cp) {
        if (isWideSupplementary(cp)) {
            return new Cell(new String(Character.toChars(cp)), 2);
        }
        String folded = Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKC);
        if (folded.length() == 1 && !Character.isISOControl(folded.charAt(0))
                && !TerminalTextUtils.isCharCJK(folded.charAt(0)) && !isZeroWidth(folded.charAt(0))
                && !isWideEmojiBmp(folded.charAt(0)) && !isOtherWideBmp(folded.charAt(0))) {
            return new Cell(folded, 1);
        }
        return new Cell(REPLACEMENT, 1);
    }

    static boolean isZeroWidth(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.FORMAT
                || (cp >= 0x1160 && cp <= 0x11FF) // Hangul medial vowels and final consonants
                || cp == 0x200B;
    }

    /** A wide emoji (not CJK): the base of a modifier or ZWJ sequence kept as one grapheme. */
    private static boolean isEmoji(int cp) {
        return Character.isSupplementaryCodePoint(cp) ? isWideSupplementary(cp) && cp < 0x20000
                : isWideEmojiBmp((char) cp);
    }

    static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isEmojiModifier(int cp) {
        return cp >= 0x1F3FB && cp <= 0x1F3FF;
    }


    /** BMP characters with Emoji_Presentation (East Asian Width W) outside the blocks Lanterna calls CJK. */
    private static final int[][] WIDE_EMOJI_BMP = {
            {0x231A, 0x231B}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3}, {0x25FD, 0x25FE},
            {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693}, {0x26A1, 0x26A1},
            {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE}, {0x26D4, 0x26D4},
            {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA}, {0x26FD, 0x26FD},
            {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x274E, 0x274E},
            {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0}, {0x27BF, 0x27BF},
            {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
    };

    /** Other East Asian Wide BMP ranges that Lanterna's isCharCJK does not cover. */
    private static final int[][] OTHER_WIDE_BMP = {
            {0x2329, 0x232A}, {0x2F00, 0x2FFF}, {0x3100, 0x312F}, {0x3190, 0x31EF}, {0x3300, 0x33FF},
            {0xA000, 0xA4CF}, {0xA960, 0xA97F}, {0xFE10, 0xFE19}, {0xFE50, 0xFE6F}, {0xFFE0, 0xFFE6},
    };

    /** Supplementary ranges terminals draw two columns wide (emoji with default emoji presentation, CJK). */
    private static final int[][] WIDE_SUPPLEMENTARY = {
            {0x16FE0, 0x16FE4}, {0x17000, 0x18CFF}, {0x1AFF0, 0x1B2FF},
            {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A},
            {0x1F200, 0x1F202}, {0x1F210, 0x1F23B}, {0x1F240, 0x1F248}, {0x1F250, 0x1F251},
            {0x1F260, 0x1F265}, {0x1F300, 0x1F320}, {0x1F32D, 0x1F335}, {0x1F337, 0x1F37C},
            {0x1F37E, 0x1F393}, {0x1F3A0, 0x1F3CA}, {0x1F3CF, 0x1F3D3}, {0x1F3E0, 0x1F3F0},
            {0x1F3F4, 0x1F3F4}, {0x1F3F8, 0x1F43E}, {0x1F440, 0x1F440}, {0x1F442, 0x1F4FC},
            {0x1F4FF, 0x1F53D}, {0x1F54B, 0x1F54E}, {0x1F550, 0x1F567}, {0x1F57A, 0x1F57A},
            {0x1F595, 0x1F596}, {0x1F5A4, 0x1F5A4}, {0x1F5FB, 0x1F64F}, {0x1F680, 0x1F6C5},
            {0x1F6CC, 0x1F6CC}, {0x1F6D0, 0x1F6D2}, {0x1F6D5, 0x1F6D7}, {0x1F6EB, 0x1F6EC},
            {0x1F6F4, 0x1F6FC}, {0x1F7E0, 0x1F7EB}, {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945},
            {0x1F947, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
    };

    private static boolean isWideEmojiBmp(char c) {
        return in(WIDE_EMOJI_BMP, c);
    }

    private static boolean isOtherWideBmp(char c) {
        return in(OTHER_WIDE_BMP, c);
    }

    private static boolean isWideSupplementary(int cp) {
        return in(WIDE_SUPPLEMENTARY, cp);
    }

    private static boolean in(int[][] ranges, int cp) {
        for (int[] r : ranges) {
            if (cp >= r[0] && cp <= r[1]) {
                return true;
            }
        }
        return false;
    }
}
