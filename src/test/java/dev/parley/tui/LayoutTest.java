package dev.parley.tui;

import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayoutTest {
    private static Harness threePeers(int columns, int rows) {
        Harness h = new Harness(columns, rows);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.addPeer(FakeChat.peer("CAROLfp1", "carol", PeerState.OFFLINE, Trust.NEW));
        h.chat.addPeer(FakeChat.peer("DAVEfp12", "dave", PeerState.CONNECTING, Trust.KNOWN));
        return h.start();
    }

    @Test
    void at80x24() {
        Harness h = threePeers(80, 24);
        assertEquals(" Parley · alice · ALICEfp1 · 10.0.0.1:7447 · network key on · 1 online", h.trimmed(0));
        assertEquals(" ● bob ✓            │ Parley · status", h.trimmed(1));
        assertEquals(" ○ carol *          │ 09:05 -- welcome to Parley, alice. Pick a peer with ↑/↓", h.trimmed(2));
        assertEquals(" ◌ dave             │       and Enter, or type /help --", h.trimmed(3));
        for (int row = 1; row <= 20; row++) {
            assertEquals("│", h.charAt(20, row), "border in row " + row);
        }
        assertEquals("─".repeat(20) + "┴" + "─".repeat(59), h.row(21));
        assertEquals(">", h.trimmed(22));
        assertEquals(" " + Renderer.FOOTER_LIST, h.trimmed(23));
        assertTrue(h.at(0, 0).isReversed() && h.at(79, 0).isReversed(), "the header is a bar across the screen");
        assertTrue(h.at(79, 23).isReversed(), "the footer is a bar across the screen");
    }

    @Test
    void at200x50() {
        Harness h = threePeers(200, 50);
        assertEquals(" Parley · alice · ALICEfp1 · 10.0.0.1:7447 · network key on · 1 online", h.trimmed(0));
        assertEquals(" ● bob ✓                    │ Parley · status", h.trimmed(1));
        assertEquals(" ○ carol *                  │ 09:05 -- welcome to Parley, alice. Pick a peer with ↑/↓ and Enter,"
                + " or type /help --", h.trimmed(2));
        for (int row = 1; row <= 46; row++) {
            assertEquals("│", h.charAt(28, row), "border in row " + row);
        }
        assertEquals("─".repeat(28) + "┴" + "─".repeat(171), h.row(47));
        assertEquals(">", h.trimmed(48));
        assertEquals(" " + Renderer.FOOTER_LIST, h.trimmed(49));
    }

    @Test
    void theFooterFollowsTheFocus() {
        Harness h = threePeers(80, 24);
        h.key(com.googlecode.lanterna.input.KeyType.Tab);
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(23));
        assertTrue(Renderer.FOOTER_INPUT.length() < 80, "the input footer fits 80 columns whole");
    }

    @Test
    void theSmallestSupportedSizeStillHasAllParts() {
        Harness h = threePeers(Layout.MIN_COLUMNS, Layout.MIN_ROWS);
        assertTrue(h.trimmed(0).startsWith(" Parley · alice · "), h.dump());
        assertEquals("│", h.charAt(16, 1));
        assertEquals("┴", h.charAt(16, 7));
        assertTrue(h.trimmed(9).startsWith(" ↑↓ select"), h.dump());
        assertTrue(h.trimmed(9).endsWith("…"), "a footer too long is cut with an ellipsis");
    }

    @Test
    void tooNarrowShowsACentredMessageAndNothingElse() {
        Harness h = threePeers(39, 24);
        List<String> rows = h.screenText();
        for (int r = 0; r < 24; r++) {
            assertEquals(r == 11 ? "    Terminal too small (need 40x10)" : "", rows.get(r), "row " + r);
        }
    }

    @Test
    void tooShortShowsTheMessage() {
        Harness h = threePeers(80, 9);
        assertEquals(" ".repeat(24) + "Terminal too small (need 40x10)", h.trimmed(4));
        assertEquals("", h.trimmed(0));
    }

    @Test
    void veryNarrowSplitsTheMessageOverTwoLines() {
        Harness h = threePeers(24, 6);
        assertEquals("   Terminal too small", h.trimmed(2));
        assertEquals("       need 40x10", h.trimmed(3));
    }

    @Test
    void whileTooSmallKeysTypedBlindGoNowhereButCtrlCStillLeaves() {
        Harness h = threePeers(80, 24);
        h.key(com.googlecode.lanterna.input.KeyType.Enter); // open bob, focus on the input
        h.resize(30, 8);
        h.enter("sent blind");
        h.key(com.googlecode.lanterna.input.KeyType.Escape);
        h.key(com.googlecode.lanterna.input.KeyType.ArrowDown);
        assertEquals(List.of(), h.chat.sent, "nothing was sent");
        h.resize(80, 24);
        assertEquals("bob>", h.trimmed(22), "the input is as it was, and bob still open");
        assertTrue(h.trimmed(1).substring(21).startsWith(" bob BOBfp123"), h.trimmed(1));
        h.resize(30, 8);
        assertEquals(false, h.ctrl('c'), "Ctrl-C leaves at any size");
    }

    @Test
    void resizeReflowsEverythingAtOnce() {
        Harness h = threePeers(80, 24);
        h.key(com.googlecode.lanterna.input.KeyType.Enter); // open bob
        h.chat.receive(FakeChat.fp("BOBfp123"), "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu");
        h.settle();
        assertEquals("│ 10:15 bob: alpha beta gamma delta epsilon zeta eta theta", h.trimmed(2).substring(20));
        assertEquals("│            iota kappa lambda mu", h.trimmed(3).substring(20));

        h.resize(120, 30);
        assertEquals("│", h.charAt(28, 1));
        assertEquals("─".repeat(28) + "┴" + "─".repeat(91), h.row(27));
        assertEquals(" " + Renderer.FOOTER_INPUT, h.trimmed(29));
        assertEquals("│ 10:15 bob: alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu",
                h.trimmed(2).substring(28));
        assertEquals("│", h.trimmed(3).substring(28), "one row now: nothing left over from the old wrap");

        h.resize(30, 8);
        assertTrue(h.dump().contains("Terminal too small"));

        h.resize(80, 24);
        Harness fresh = threePeers(80, 24);
        fresh.key(com.googlecode.lanterna.input.KeyType.Enter);
        fresh.chat.receive(FakeChat.fp("BOBfp123"), "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu");
        fresh.settle();
        assertEquals(fresh.screenText(), h.screenText(), "after resizing back, the screen is exactly as drawn fresh");
    }
}
