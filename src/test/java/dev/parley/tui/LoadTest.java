package dev.parley.tui;

import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Large conversations and bursts of events: correctness, and proof that only what is visible is wrapped. */
class LoadTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");

    private static String pane(Harness h, int row) {
        return h.row(row).substring(22).stripTrailing();
    }

    @Test
    void aConversationOfTenThousandMessagesDrawsAndScrollsWrappingOnlyWhatIsVisibleAndHoldsTheNewest() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        for (int i = 0; i < 10_000; i++) {
            h.chat.history(BOB, i % 3 == 0, "message number " + i, Harness.NOW);
        }
        h.start();
        long before = h.ui.wrapCalls();
        h.key(KeyType.Enter);
        assertEquals("09:05 bob: message number 9998", pane(h, 19));
        assertEquals("09:05 alice: message number 9999 ✓✓", pane(h, 20));
        assertTrue(h.ui.wrapCalls() - before <= 19, "opened: wrapped " + (h.ui.wrapCalls() - before));

        before = h.ui.wrapCalls();
        h.key(KeyType.PageUp);
        assertEquals("09:05 alice: message number 9981 ✓✓", pane(h, 20));
        assertTrue(h.ui.wrapCalls() - before <= 2 * 19, "page up: wrapped " + (h.ui.wrapCalls() - before));

        before = h.ui.wrapCalls();
        h.keys(new KeyStroke(KeyType.Home, true, false));
        // The pane holds the newest 2,000 (and up to a tenth more before it trims again): 7839..9999.
        assertEquals("── older messages dropped from memory ──", pane(h, 2));
        assertEquals("09:05 alice: message number 7839 ✓✓", pane(h, 3));
        assertEquals("09:05 bob: message number 7856", pane(h, 20));
        assertTrue(h.ui.wrapCalls() - before <= 2 * 19, "top: wrapped " + (h.ui.wrapCalls() - before));

        before = h.ui.wrapCalls();
        h.keys(new KeyStroke(KeyType.End, true, false));
        h.key(KeyType.PageDown);
        assertEquals("09:05 alice: message number 9999 ✓✓", pane(h, 20));
        assertTrue(h.ui.wrapCalls() - before <= 19, "end: wrapped " + (h.ui.wrapCalls() - before));

        before = h.ui.wrapCalls();
        h.resize(100, 30);
        assertEquals("09:05 alice: message number 9999 ✓✓", h.row(26).substring(27).stripTrailing());
        assertTrue(h.ui.wrapCalls() - before <= 25, "resized: wrapped " + (h.ui.wrapCalls() - before));
    }

    @Test
    void aBurstOfAThousandEventsDoesNotHoldUpAKey() throws IOException {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        for (int i = 0; i < 1000; i++) {
            h.chat.receive(CARL, "flood " + i);
        }
        h.terminal.addInput(new KeyStroke('x', false, false));
        assertEquals(1000, h.ui.pendingEvents());

        h.ui.step();
        assertEquals("bob> x", h.trimmed(22), "the key is handled in the first iteration");
        assertEquals(1000 - FullScreenUi.EVENT_BATCH, h.ui.pendingEvents(), "only one batch of events so far");

        h.settle();
        assertEquals(0, h.ui.pendingEvents());
        assertEquals(" ● carl         99+ │", h.row(2).substring(0, 21));
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"), "a long unread conversation opens at its rule");
        assertEquals("10:15 carl: flood 0", pane(h, 3));
        h.keys(new KeyStroke(KeyType.End, true, false));
        assertEquals("10:15 carl: flood 999", pane(h, 20));
    }

    @Test
    void aFloodIntoAClosedConversationKeepsTheNewestBelowTheDroppedLineAndTheUnreadRule() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        for (int i = 0; i < 3_000; i++) {
            h.chat.receive(CARL, "flood " + i);
        }
        h.settle();
        assertEquals(" ● carl         99+ │", h.row(2).substring(0, 21));
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"), "it opens at the rule, before the oldest held");
        assertEquals("10:15 carl: flood 804", pane(h, 3));
        h.keys(new KeyStroke(KeyType.End, true, false));
        assertEquals("10:15 carl: flood 2999", pane(h, 20));
        h.keys(new KeyStroke(KeyType.Home, true, false));
        assertEquals("── older messages dropped from memory ──", pane(h, 2));
        assertTrue(pane(h, 3).startsWith("── unread ──"), pane(h, 3));
        assertEquals("10:15 carl: flood 804", pane(h, 4), "the newest 2,000 and up to a tenth more");
        h.keys(new KeyStroke(KeyType.End, true, false));
        assertEquals("10:15 carl: flood 2999", pane(h, 20));
    }
}
