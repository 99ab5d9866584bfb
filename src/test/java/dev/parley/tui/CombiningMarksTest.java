package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 17: a letter with a combining mark that NFC does not compose ({@code q̇}, or {@code ẹ́}: e with an
 * acute and a dot below, of which only the dot composes) is one cell of one column in the input line, on a
 * virtual terminal that draws graphemes as a real one does: the cursor moves over it as one character, and
 * Backspace deletes it whole.
 */
class CombiningMarksTest {
    private static final String PROMPT = "bob> ";

    private static Harness bobOpen() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        return h;
    }

    private static int cursor(Harness h) {
        return h.terminal.getCursorPosition().getColumn() - PROMPT.length();
    }

    private static int inputRow(Harness h) {
        return h.rows() - 2;
    }

    @Test
    void theInputShowsALetterAndItsMarksInOneCell() {
        Harness h = bobOpen();
        h.type("aq\u0307e\u0301\u0323z");
        int row = inputRow(h);
        assertEquals("a", h.charAt(PROMPT.length(), row));
        assertEquals("q\u0307", h.charAt(PROMPT.length() + 1, row));
        assertEquals("\u1EB9\u0301", h.charAt(PROMPT.length() + 2, row));
        assertEquals("z", h.charAt(PROMPT.length() + 3, row));
        assertEquals(4, cursor(h), "four characters, four columns");
    }

    @Test
    void theCursorMovesOverALetterWithItsMarksAsOneCharacter() {
        Harness h = bobOpen();
        h.type("aq\u0307e\u0301\u0323z");
        h.key(KeyType.ArrowLeft);
        assertEquals(3, cursor(h));
        h.key(KeyType.ArrowLeft);
        assertEquals(2, cursor(h), "over ẹ́ at once");
        h.key(KeyType.ArrowLeft);
        assertEquals(1, cursor(h), "over q̇ at once");
        h.key(KeyType.ArrowRight);
        h.key(KeyType.ArrowRight);
        assertEquals(3, cursor(h));
    }

    @Test
    void backspaceAndDeleteTakeTheLetterWithItsMarks() {
        Harness h = bobOpen();
        h.type("aq\u0307e\u0301\u0323z");
        h.key(KeyType.ArrowLeft);
        h.key(KeyType.Backspace);
        assertEquals("aq\u0307z", h.ui.inputText(), "ẹ́ went whole, acute and dot below with it");
        h.key(KeyType.ArrowLeft);
        h.key(KeyType.Delete);
        assertEquals("az", h.ui.inputText());
        assertEquals(PROMPT + "az", h.trimmed(inputRow(h)));
    }

    @Test
    void whatIsSentIsWhatWasTyped() {
        Harness h = bobOpen();
        h.enter("q\u0307");
        assertEquals("q\u0307", h.chat.sent.get(h.chat.sent.size() - 1).text());
    }
}
