package dev.parley.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 17 (2): the editing keys of readline, irssi and weechat, on a virtual terminal. */
class EditingKeysTest {
    private static Harness typed(String text) {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        h.type(text);
        return h;
    }

    private static String input(Harness h) {
        return h.trimmed(22);
    }

    private static int cursor(Harness h) {
        TerminalPosition p = h.terminal.getCursorPosition();
        return p.getColumn() - "bob> ".length();
    }

    @Test
    void ctrlKDeletesToTheEndAndCtrlYPutsItBack() {
        Harness h = typed("hello brave world");
        h.alt('b');
        h.alt('b');
        assertEquals(6, cursor(h));
        h.ctrl('k');
        assertEquals("bob> hello", input(h));
        h.ctrl('e');
        h.ctrl('y');
        assertEquals("bob> hello brave world", input(h));
    }

    @Test
    void ctrlDDeletesTheCharacterUnderTheCursor() {
        Harness h = typed("abc");
        h.ctrl('a');
        h.ctrl('d');
        assertEquals("bob> bc", input(h));
    }

    @Test
    void ctrlTSwapsTheTwoCharactersAroundTheCursor() {
        Harness h = typed("teh");
        h.ctrl('t');
        assertEquals("bob> the", input(h), "at the end: the last two");
        h.ctrl('a');
        h.key(KeyType.ArrowRight);
        h.ctrl('t');
        assertEquals("bob> hte", input(h));
        assertEquals(2, cursor(h));
    }

    @Test
    void altBAltFAndCtrlArrowsMoveByWord() {
        Harness h = typed("one two, three");
        h.alt('b');
        assertEquals(9, cursor(h));
        h.keys(new KeyStroke(KeyType.ArrowLeft, true, false));
        assertEquals(4, cursor(h));
        h.alt('f');
        assertEquals(7, cursor(h), "the end of two, before the comma");
        h.keys(new KeyStroke(KeyType.ArrowRight, true, false));
        assertEquals(14, cursor(h));
    }

    @Test
    void altBackspaceDeletesTheWordBeforeTheCursorAndCtrlWUpToASpace() {
        Harness h = typed("see http://x.org/path");
        h.keys(new KeyStroke(KeyType.Backspace, false, true));
        assertEquals("bob> see http://x.org/", input(h));
        h.ctrl('w');
        assertEquals("bob> see", input(h));
        h.ctrl('y');
        assertEquals("bob> see http://x.org/", input(h), "Ctrl-Y puts back what Ctrl-W took");
    }
}
