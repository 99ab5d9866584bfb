package dev.parley.tui;

import com.googlecode.lanterna.TextCharacter;
import com.googlecode.lanterna.screen.TerminalScreen;
import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Issue 12: no NUL after accented letters; a grapheme of several code points is one cell on screen. */
class CellOutputTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void lanternasOwnEncodingWritesANulAfterAnAccentedLetterWhichOursDoesNot() {
        // what StreamBasedTerminal.convertToCharset does in Lanterna 3.1.3
        byte[] lanterna = StandardCharsets.UTF_8.encode(Character.toString('é')).array();
        assertNotEquals(2, lanterna.length, "if Lanterna's bug is fixed, this class can go");
        assertArrayEquals(new byte[] {(byte) 0xC3, (byte) 0xA9}, new CellOutput(StandardCharsets.UTF_8).cell("é"));
    }

    @Test
    void aMultiCodePointCellPutsTheCursorWhereLanternaExpectsIt() {
        CellOutput out = new CellOutput(StandardCharsets.UTF_8);
        out.moved(10);
        assertEquals(HEX.formatHex("a".getBytes(StandardCharsets.UTF_8)), HEX.formatHex(out.cell("a")));
        byte[] thumbs = out.cell("👍🏽");
        assertEquals(HEX.formatHex(("👍🏽\033[14G").getBytes(StandardCharsets.UTF_8)), HEX.formatHex(thumbs),
                "after 11 columns and a two-column cell the cursor goes to column 14 (1-based)");
        assertEquals(13, out.column());
        out.cell("日");
        assertEquals(15, out.column());
    }

    @Test
    void aLetterWithACombiningMarkIsOneColumnAndTheCursorIsPutBackAfterIt() {
        CellOutput out = new CellOutput(StandardCharsets.UTF_8);
        out.moved(4);
        assertEquals(HEX.formatHex(("q\u0307\033[6G").getBytes(StandardCharsets.UTF_8)), HEX.formatHex(out.cell("q\u0307")),
                "one column: the cursor goes to column 6 (1-based), also where a terminal draws the mark beside q");
        assertEquals(5, out.column());
    }

    @Test
    void controlCharactersAreNotWritten() {
        assertEquals(0, new CellOutput(Charset.forName("UTF-8")).cell("\u0007").length);
    }

    @Test
    void aClusterIsOneDoubleWidthCellOnTheScreen() throws Exception {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", dev.parley.chat.PeerState.ONLINE, dev.parley.chat.Trust.KNOWN));
        Harness h = new Harness(80, 24, chat, true).start();
        h.key(com.googlecode.lanterna.input.KeyType.Enter);
        h.chat.receive(FakeChat.fp("BOBfp123"), "ok 👍🏽 🇫🇷 👨\u200D👩\u200D👧 é!");
        h.settle();
        TerminalScreen screen = h.screen;
        int row = 2;
        int col = 22 + "10:15 bob: ok ".length();
        assertEquals("👍🏽", screen.getFrontCharacter(col, row).getCharacterString());
        assertEquals("🇫🇷", screen.getFrontCharacter(col + 3, row).getCharacterString());
        assertEquals("👨\u200D👩\u200D👧", screen.getFrontCharacter(col + 6, row).getCharacterString());
        TextCharacter e = screen.getFrontCharacter(col + 9, row);
        assertEquals("é", e.getCharacterString());
        assertEquals("!", screen.getFrontCharacter(col + 10, row).getCharacterString());
    }

    @Test
    void theInputKeepsAFlagAndASkinToneTogether() {
        LineEditor e = new LineEditor();
        e.insert("🇫🇷👍🏽x");
        e.backspace();
        e.backspace();
        assertEquals("🇫🇷", e.text());
        e.backspace();
        assertEquals("", e.text());
    }

}
