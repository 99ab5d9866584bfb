package dev.parley.tui;

import com.googlecode.lanterna.input.BasicCharacterPattern;
import com.googlecode.lanterna.input.CharacterPattern;
import com.googlecode.lanterna.input.KeyDecodingProfile;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;

import java.util.Collection;
import java.util.List;

/**
 * Key sequences Lanterna 3.1.3's input decoder does not know, added to it with
 * {@code InputDecoder.addProfile}:
 * <ul>
 *   <li>bracketed paste ({@code ESC[?2004h}): the terminal wraps what is pasted in {@code ESC[200~} and
 *       {@code ESC[201~}, decoded as {@link #PASTE_START} and {@link #PASTE_END}; the text between comes as
 *       ordinary keys, which the UI puts into the input instead of acting on them;</li>
 *   <li>Alt-Enter ({@code ESC CR} or {@code ESC LF}) and Shift-Enter where the terminal reports it
 *       (xterm's modifyOtherKeys {@code ESC[27;2;13~}, the kitty/fixterms form {@code ESC[13;2u}): a line
 *       break in the input. Lanterna would read Alt-Enter as Escape then Enter, which sends;</li>
 *   <li>Alt-Backspace ({@code ESC DEL}, {@code ESC BS}), which Lanterna reads as Escape then Backspace;</li>
 *   <li>a lone CR as Enter (Lanterna waits for the NUL that follows it on some systems, and then drops
 *       both).</li>
 * </ul>
 * Immutable.
 */
final class TerminalKeys implements KeyDecodingProfile {
    static final String BRACKETED_PASTE_ON = "\033[?2004h";
    static final String BRACKETED_PASTE_OFF = "\033[?2004l";

    /** A paste's start or end mark. */
    static final class PasteMark extends KeyStroke {
        private final boolean start;

        private PasteMark(boolean start) {
            super(KeyType.Unknown);
            this.start = start;
        }

        boolean start() {
            return start;
        }

        @Override
        public String toString() {
            return start ? "PasteStart" : "PasteEnd";
        }
    }

    static final PasteMark PASTE_START = new PasteMark(true);
    static final PasteMark PASTE_END = new PasteMark(false);
    static final TerminalKeys PROFILE = new TerminalKeys();

    private static final char ESC = KeyDecodingProfile.ESC_CODE;
    private static final KeyStroke ALT_ENTER = new KeyStroke(KeyType.Enter, false, true);
    private static final KeyStroke SHIFT_ENTER = new KeyStroke(KeyType.Enter, false, false, true);
    private static final KeyStroke ALT_BACKSPACE = new KeyStroke(KeyType.Backspace, false, true);

    private static final List<CharacterPattern> PATTERNS = List.of(
            new BasicCharacterPattern(PASTE_START, ESC, '[', '2', '0', '0', '~'),
            new BasicCharacterPattern(PASTE_END, ESC, '[', '2', '0', '1', '~'),
            new BasicCharacterPattern(ALT_ENTER, ESC, '\r'),
            new BasicCharacterPattern(ALT_ENTER, ESC, '\n'),
            new BasicCharacterPattern(SHIFT_ENTER, ESC, '[', '2', '7', ';', '2', ';', '1', '3', '~'),
            new BasicCharacterPattern(SHIFT_ENTER, ESC, '[', '1', '3', ';', '2', 'u'),
            new BasicCharacterPattern(ALT_BACKSPACE, ESC, (char) 0x7f),
            new BasicCharacterPattern(ALT_BACKSPACE, ESC, (char) 0x08),
            new BasicCharacterPattern(new KeyStroke(KeyType.Enter), '\r'));

    private TerminalKeys() {}

    @Override
    public Collection<CharacterPattern> getPatterns() {
        return PATTERNS;
    }

    static boolean isPasteStart(KeyStroke k) {
        return k instanceof PasteMark p && p.start();
    }

    static boolean isPasteEnd(KeyStroke k) {
        return k instanceof PasteMark p && !p.start();
    }
}
