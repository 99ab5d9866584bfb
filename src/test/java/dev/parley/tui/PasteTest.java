package dev.parley.tui;

import com.googlecode.lanterna.input.DefaultKeyDecodingProfile;
import com.googlecode.lanterna.input.InputDecoder;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (1) and issue 12 item 6: a paste goes into the input; it never sends, never runs a command. */
class PasteTest {
    private static final String BOB = FakeChat.fp("BOBfp123");

    private static Harness bobOpen() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        return h;
    }

    private static List<KeyStroke> decode(String input) throws IOException {
        InputDecoder d = new InputDecoder(new StringReader(input));
        d.addProfile(new DefaultKeyDecodingProfile());
        d.addProfile(TerminalKeys.PROFILE);
        List<KeyStroke> out = new ArrayList<>();
        KeyStroke k;
        while ((k = d.getNextCharacter(false)) != null && k.getKeyType() != KeyType.EOF) {
            out.add(k);
        }
        return out;
    }

    /** The keys a terminal sends for a bracketed paste of {@code text} (CR for line breaks, as tmux does). */
    private static void paste(Harness h, String text) {
        h.terminal.addInput(TerminalKeys.PASTE_START);
        for (char c : text.toCharArray()) {
            h.terminal.addInput(c == '\n' ? new KeyStroke(KeyType.Enter) : new KeyStroke(c, false, false));
        }
        h.terminal.addInput(TerminalKeys.PASTE_END);
        h.settle();
    }

    @Test
    void theDecoderKnowsPasteMarksAltEnterShiftEnterAndAltBackspace() throws IOException {
        List<KeyStroke> keys = decode("x\033[200~a\nb\033[201~\033\r\033[13;2u\033[27;2;13~\033\u007fy\r");
        assertEquals('x', keys.get(0).getCharacter());
        assertSame(TerminalKeys.PASTE_START, keys.get(1));
        assertEquals('a', keys.get(2).getCharacter());
        assertEquals(KeyType.Enter, keys.get(3).getKeyType());
        assertEquals('b', keys.get(4).getCharacter());
        assertSame(TerminalKeys.PASTE_END, keys.get(5));
        assertEquals(new KeyStroke(KeyType.Enter, false, true), keys.get(6));
        assertEquals(new KeyStroke(KeyType.Enter, false, false, true), keys.get(7));
        assertEquals(new KeyStroke(KeyType.Enter, false, false, true), keys.get(8));
        assertEquals(new KeyStroke(KeyType.Backspace, false, true), keys.get(9));
        assertEquals('y', keys.get(10).getCharacter());
        assertEquals(KeyType.Enter, keys.get(11).getKeyType(), "a lone CR is Enter");
        assertEquals(12, keys.size());
    }

    @Test
    void aBracketedPasteGoesIntoTheInputAndRunsNothingUntilEnterSendsItAsOneMessage() {
        Harness h = bobOpen();
        paste(h, "pasted A\n/away\nthird line\n");
        assertTrue(h.chat.sent.isEmpty(), "nothing was sent");
        assertFalse(h.chat.calls.stream().anyMatch(c -> c.startsWith("presence")), "no command ran: " + h.chat.calls);
        assertEquals("bob> pasted A", h.trimmed(20), h.dump());
        assertEquals("     /away", h.trimmed(21));
        assertEquals("     third line", h.trimmed(22));
        h.key(KeyType.Enter);
        assertEquals(1, h.chat.sent.size());
        assertEquals("pasted A\n/away\nthird line", h.chat.sent.get(0).text());
        assertEquals(BOB, h.chat.sent.get(0).peer());
    }

    @Test
    void linesArrivingTogetherWithoutBracketsAreAPasteToo() {
        Harness h = bobOpen();
        for (char c : "pasted A\r/away\rmore\r".toCharArray()) {
            h.terminal.addInput(c == '\r' ? new KeyStroke(KeyType.Enter) : new KeyStroke(c, false, false));
        }
        h.settle();
        assertTrue(h.chat.sent.isEmpty(), "nothing was sent");
        assertFalse(h.chat.calls.stream().anyMatch(c -> c.startsWith("presence")), "no command ran: " + h.chat.calls);
        h.key(KeyType.Enter);
        assertEquals("pasted A\n/away\nmore", h.chat.sent.get(0).text());
    }

    @Test
    void aLongPasteAsksOnceAndEscDropsIt() {
        Harness h = bobOpen();
        paste(h, "1\n2\n3\n4\n5\n6\n7\n8");
        String dump = h.dump();
        assertTrue(dump.contains("paste 8 lines (15 characters) into the input? Enter: yes · Esc: no"), dump);
        assertEquals("bob>", h.trimmed(22), "not in the input yet");
        h.key(KeyType.Escape);
        assertEquals("bob>", h.trimmed(22));
        assertTrue(h.chat.sent.isEmpty());
        paste(h, "1\n2\n3\n4\n5\n6\n7\n8");
        h.key(KeyType.Enter);
        assertTrue(h.chat.sent.isEmpty(), "yes puts it into the input; it does not send");
        assertEquals("     8", h.trimmed(22), "the input grew to four rows and shows the end: " + h.dump());
        assertEquals("bob> 5", h.trimmed(19), "the prompt stays on the top row shown");
        h.key(KeyType.Enter);
        assertEquals("1\n2\n3\n4\n5\n6\n7\n8", h.chat.sent.get(0).text());
    }

    @Test
    void altEnterAndShiftEnterBreakTheLine() {
        Harness h = bobOpen();
        h.type("one");
        h.keys(new KeyStroke(KeyType.Enter, false, true));
        h.type("two");
        h.keys(new KeyStroke(KeyType.Enter, false, false, true));
        h.type("three");
        assertTrue(h.chat.sent.isEmpty());
        h.key(KeyType.Enter);
        assertEquals("one\ntwo\nthree", h.chat.sent.get(0).text());
    }

    @Test
    void aPasteIntoThePeerListGoesIntoTheInput() {
        Harness h = bobOpen();
        h.key(KeyType.Escape);
        paste(h, "/quit");
        assertTrue(h.settle(), "still running");
        assertEquals("bob> /quit", h.trimmed(22));
    }

    @Test
    void aPasteOverTheLimitIsCutAndSaysSo() {
        Harness h = bobOpen();
        paste(h, "x".repeat(UiController.MAX_PASTE_CHARS + 10));
        assertTrue(h.dump().contains("the paste was cut to its first 65536 characters"), h.dump());
        assertEquals(UiController.MAX_PASTE_CHARS, h.ui.inputText().length());
    }
}
