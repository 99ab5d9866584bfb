package dev.parley.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17: the window title shows the unread count, and the terminal's own title is saved before the first
 * one (xterm's title stack, {@code ESC [22;0t}) and given back on leaving ({@code ESC [23;0t}), however the UI
 * ends.
 */
class WindowTitleTest {
    private static final String PUSH = "\033[22;0t";
    private static final String POP = "\033[23;0t";
    private static final String CARL = FakeChat.fp("CARLfp12");

    private static Harness bobAndCarl() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        return h;
    }

    private static String title(String text) {
        return "\033]2;" + text + "\007";
    }

    @Test
    void theTitleIsSavedBeforeParleySetsItsOwnAndCountsWhatIsUnread() {
        Harness h = bobAndCarl().start();
        String start = h.terminal.rawText();
        assertTrue(start.indexOf(PUSH) >= 0 && start.indexOf(PUSH) < start.indexOf(title("Parley")),
                "saved first: " + printable(start));
        h.key(KeyType.Enter); // bob open
        h.chat.receive(CARL, "psst");
        h.settle();
        assertTrue(h.terminal.rawText().endsWith(title("Parley (1)")), printable(h.terminal.rawText()));
    }

    @Test
    void leavingGivesTheTerminalsOwnTitleBack() throws IOException {
        Harness h = bobAndCarl();
        h.chat.receive(CARL, "psst"); // Parley (1) while running
        h.terminal.addInput(new KeyStroke('c', true, false)); // Ctrl-C: nothing undelivered, so it leaves
        h.ui.run(h.screen); // the whole loop, as on a real terminal: start, keys, stop
        List<String> raw = h.terminal.raw();
        String all = String.join("", raw);
        assertTrue(all.contains(title("Parley (1)")), printable(all));
        assertTrue(all.lastIndexOf(POP) > all.lastIndexOf(title("Parley (1)")), printable(all));
        assertTrue(raw.get(raw.size() - 1).endsWith(POP), "the restore is the last thing written: " + printable(all));
        assertEquals(1, count(all, PUSH));
        assertEquals(1, count(all, POP));
        assertTrue(all.contains(TerminalKeys.BRACKETED_PASTE_OFF), "bracketed paste is turned off too");
    }

    @Test
    void theTitleIsGivenBackAlsoWhenTheLoopFails() {
        Harness h = bobAndCarl();
        h.terminal.failInput(); // reading the keyboard fails inside the loop
        java.io.UncheckedIOException failed = assertThrows(java.io.UncheckedIOException.class,
                () -> h.ui.run(h.screen));
        assertEquals("input failed", failed.getCause().getMessage(), "the failure goes on up");
        String all = h.terminal.rawText();
        assertTrue(all.endsWith(POP), "and the title was given back on the way: " + printable(all));
        assertEquals(1, count(all, PUSH));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String printable(String s) {
        return s.replace("\033", "ESC").replace("\007", "BEL");
    }
}
