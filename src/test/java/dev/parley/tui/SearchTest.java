package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (3): /search and Ctrl-R in the open conversation, /me. */
class SearchTest {
    private static final String BOB = FakeChat.fp("BOBfp123");

    private static Harness longConversation() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        for (int i = 0; i < 60; i++) {
            h.chat.receive(BOB, i == 5 ? "the Lunch place is on Main street" : i == 30 ? "lunch at noon?" : "line " + i);
        }
        h.settle();
        return h;
    }

    private static String pane(Harness h, int row) {
        return h.row(row).substring(22).stripTrailing();
    }

    private static boolean reversedAt(Harness h, int row, String text) {
        int col = h.columnOf(row, text);
        return col >= 0 && h.at(col, row).isReversed() && h.at(col + text.length() - 1, row).isReversed();
    }

    @Test
    void slashSearchShowsTheNewestMatchHighlightedAndCtrlRGoesOlder() {
        Harness h = longConversation();
        h.enter("/search lunch");
        assertEquals("10:15 bob: lunch at noon?", pane(h, 2), h.dump());
        assertTrue(reversedAt(h, 2, "lunch"), "the match is highlighted");
        assertTrue(h.row(21).contains("search \"lunch\": 1 of 2 from the newest"), h.row(21));
        h.ctrl('r');
        assertEquals("10:15 bob: the Lunch place is on Main street", pane(h, 2), "case-insensitive");
        assertTrue(reversedAt(h, 2, "Lunch"));
        assertTrue(h.row(21).contains("2 of 2"), h.row(21));
        h.ctrl('s');
        assertEquals("10:15 bob: lunch at noon?", pane(h, 2));
        h.key(KeyType.Escape);
        assertEquals("10:15 bob: line 59", pane(h, 20), "Esc ends the search at the end of the conversation");
        assertFalse(reversedAt(h, 20, "line"));
    }

    @Test
    void ctrlRSearchesAsYouType() {
        Harness h = longConversation();
        h.ctrl('r');
        assertEquals("search>", h.trimmed(22));
        h.type("main");
        assertEquals("search> main", h.trimmed(22));
        assertEquals("10:15 bob: the Lunch place is on Main street", pane(h, 2), h.dump());
        assertTrue(reversedAt(h, 2, "Main"));
        h.key(KeyType.Enter);
        assertEquals("bob>", h.trimmed(22), "Enter stays at the hit and gives the input back");
        assertEquals("10:15 bob: the Lunch place is on Main street", pane(h, 2));
        assertTrue(h.chat.sent.isEmpty(), "nothing was sent");
    }

    @Test
    void noMatchSaysSoAndStaysPut() {
        Harness h = longConversation();
        h.enter("/search zebra");
        assertTrue(h.row(21).contains("search \"zebra\": no match"), h.row(21));
        assertEquals("10:15 bob: line 59", pane(h, 20));
    }

    @Test
    void meSendsAnActionShownWithAStar() {
        Harness h = longConversation();
        h.enter("/me waves");
        assertEquals("/me waves", h.chat.sent.get(0).text());
        assertTrue(h.dump().contains("10:15 * alice waves ✓"), h.dump());
        h.chat.receive(BOB, "/me waves back");
        h.settle();
        assertTrue(h.dump().contains("10:15 * bob waves back"), h.dump());
    }
}
