package dev.parley.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import dev.parley.chat.Warning;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");

    /** 80x24 with bob (online) and carl (offline), bob's conversation open. */
    private static Harness withBobOpen() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.OFFLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        return h;
    }

    /** The conversation pane of a row (from column 22), trimmed. */
    private static String pane(Harness h, int row) {
        String r = h.row(row);
        return r.length() <= 22 ? "" : r.substring(22).stripTrailing();
    }

    @Test
    void openingAConversationShowsItsTitleAndHistory() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.history(BOB, false, "earlier", Harness.NOW.minusSeconds(3600));
        h.chat.history(BOB, true, "reply", Harness.NOW.minusSeconds(3000));
        h.start();
        h.key(KeyType.Enter);
        assertEquals("bob BOBfp123 · online · verified", pane(h, 1));
        assertEquals("08:05 bob: earlier", pane(h, 2));
        assertEquals("08:15 alice: reply ✓✓", pane(h, 3));
        assertEquals("bob>", h.trimmed(22));
    }

    @Test
    void incomingLinesWrapAtWordsWithAHangingIndent() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
                + "incididunt ut labore et dolore magna aliqua.");
        h.settle();
        assertEquals("10:15 bob: Lorem ipsum dolor sit amet, consectetur", pane(h, 2));
        assertEquals("           adipiscing elit, sed do eiusmod tempor", pane(h, 3));
        assertEquals("           incididunt ut labore et dolore magna aliqua.", pane(h, 4));
    }

    @Test
    void aMessageWithNothingPrintableIsShownAsSuchNotAsAnEmptyLine() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, ""); // what the engine's sanitiser leaves of "\u001b[2J\u200b"
        h.chat.receive(BOB, " \n ");
        h.chat.receive(BOB, "/me ");
        h.settle();
        assertEquals("10:15 bob: (message with no printable characters)", pane(h, 2));
        assertEquals("10:15 bob: (message with no printable characters)", pane(h, 3));
        assertEquals("10:15 * bob (message with no printable characters)", pane(h, 4));
        assertEquals(TextColor.ANSI.BLACK_BRIGHT, h.at(33, 2).getForegroundColor(), "dim: Parley's words, not the peer's");
    }

    @Test
    void ourMessagesShowTheirDeliveryState() {
        Harness h = withBobOpen();
        h.enter("hello bob");
        assertEquals("send " + BOB + " hello bob", h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals("10:15 alice: hello bob ✓", pane(h, 2));
        assertEquals(TextColor.ANSI.CYAN, h.at(28, 2).getForegroundColor(), "our nickname");
        ChatMessage sent = h.chat.sent.get(0);
        h.chat.status(sent, MessageStatus.DELIVERED);
        h.settle();
        assertEquals("10:15 alice: hello bob ✓✓", pane(h, 2));
        h.chat.status(sent.withStatus(MessageStatus.FAILED), MessageStatus.DELIVERED); // already delivered: stays
        h.settle();
        assertEquals("10:15 alice: hello bob ✓✓", pane(h, 2));
    }

    @Test
    void aMessageToAnOfflinePeerIsQueuedAndCanFail() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.OFFLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        h.enter("are you there");
        assertEquals("10:15 alice: are you there …", pane(h, 2));
        h.chat.status(h.chat.sent.get(0), MessageStatus.FAILED);
        h.settle();
        assertEquals("10:15 alice: are you there ✗", pane(h, 2));
        assertEquals(TextColor.ANSI.RED, h.at(22 + "10:15 alice: are you there ".length(), 2).getForegroundColor());
    }

    @Test
    void peersComingAndGoingAreSystemLinesSetApart() {
        Harness h = withBobOpen();
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.OFFLINE, Trust.VERIFIED));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "robert", PeerState.ONLINE, Trust.VERIFIED));
        h.settle();
        assertEquals("09:05 -- bob went offline --", pane(h, 2));
        assertEquals("09:05 -- bob is online --", pane(h, 3));
        assertEquals("09:05 -- bob is now known as robert --", pane(h, 4));
        assertEquals(TextColor.ANSI.BLACK_BRIGHT, h.at(28, 2).getForegroundColor(), "notices are dim");
    }

    @Test
    void aKeyChangeAndAVerificationAreAnnounced() {
        Harness h = withBobOpen();
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.CHANGED));
        h.settle();
        assertEquals("09:05 !! bob's key changed; compare safety numbers with", pane(h, 2));
        assertEquals("      /verify before you /trust it", pane(h, 3));
        assertEquals(TextColor.ANSI.RED, h.at(28, 2).getForegroundColor());
        assertEquals("bob BOBfp123 · online · KEY CHANGED: /verify, then /trust", pane(h, 1));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.settle();
        assertEquals("09:05 -- bob is verified --", pane(h, 4));
    }

    @Test
    void warningsGoToTheStatusViewThePeersConversationAndTheStatusLine() {
        Harness h = withBobOpen();
        h.chat.warn(new Warning("spoof", BOB, "someone else claims to be bob", Map.of()));
        h.settle();
        assertEquals("09:05 !! someone else claims to be bob", pane(h, 2));
        assertTrue(h.row(21).contains(" warning: someone else claims to be bob "), h.row(21));
        h.key(KeyType.Escape);
        h.key(KeyType.Escape);
        assertTrue(h.dump().contains("│ 09:05 !! someone else claims to be bob"), h.dump());
    }

    @Test
    void eventsBeforeStartAreTakenFromTheSnapshotButWarningsAreKept() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.OFFLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.receive(BOB, "sent before the UI started");
        h.chat.warn(new Warning("clock-skew", null, "your clock is 5 minutes off", Map.of()));
        h.start();
        assertEquals(1, h.ui.pendingEvents(), "only the warning is left to apply");
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"), "what arrived before the UI started is unread");
        assertEquals("10:15 bob: sent before the UI started", pane(h, 3));
        assertEquals("", pane(h, 4), "no notices for flaps the snapshot already reflects");
        h.key(KeyType.Escape);
        h.key(KeyType.Escape);
        assertTrue(h.dump().contains("│ 09:05 !! your clock is 5 minutes off"), h.dump());
        assertEquals(0, h.bells, "history is not news");
    }

    @Test
    void wideCharactersAndEmojiKeepTheBorderAndNeverPassTheEdge() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, "日本語の文章はとても長くなることがあります。絵文字も🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉🎉"
                + "🎉🎉🎉🎉🎉🎉🎉✅✅✅ 한국어도 있습니다");
        h.settle();
        for (int row = 1; row <= 20; row++) {
            assertEquals("│", h.charAt(20, row), "border of row " + row + "\n" + h.dump());
        }
        assertEquals("10:15 bob: 日本語の文章はとても長くなることがあります。絵", pane(h, 2));
        assertEquals("           文字も" + "🎉".repeat(20), pane(h, 3));
        assertEquals("           🎉✅️✅️✅️ 한국어도 있습니다", pane(h, 4));
        assertEquals(39, h.columnOf(3, "🎉".repeat(20)));
        assertEquals(" ", h.charAt(79, 3), "one column was left: the next emoji went to the next row");
    }

    @Test
    void combiningMarksTakeNoColumn() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, "cafe\u0301 na\u0303o q\u0307y e\u0301\u0323 end");
        h.settle();
        assertEquals("10:15 bob: café não q\u0307y \u1EB9\u0301 end", pane(h, 2));
        assertEquals(22 + "10:15 bob: café não qy e ".length(), h.columnOf(2, "end"));
        int q = 22 + "10:15 bob: café não ".length();
        assertEquals("q\u0307", h.charAt(q, 2), "the letter and its mark in one cell");
        assertEquals("y", h.charAt(q + 1, 2));
        assertEquals("\u1EB9\u0301", h.charAt(q + 3, 2));
        assertEquals(false, h.at(q, 2).isDoubleWidth());
    }

    @Test
    void bidiOverridesAndControlCharactersCannotScrambleTheLine() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, "a\u202Eevil\u202C b\u0007c");
        h.settle();
        assertEquals("10:15 bob: aevil b\uFFFDc", pane(h, 2));
    }

    @Test
    void multiLineMessagesKeepTheirLineBreaks() {
        Harness h = withBobOpen();
        h.chat.receive(BOB, "first\nsecond");
        h.settle();
        assertEquals("10:15 bob: first", pane(h, 2));
        assertEquals("           second", pane(h, 3));
    }

    @Test
    void theTypingIndicatorSitsAboveTheInput() {
        Harness h = withBobOpen();
        h.chat.typingEvent(BOB, true);
        h.settle();
        assertEquals("─".repeat(20) + "┴ bob is typing… " + "─".repeat(43), h.row(21));
        h.chat.typingEvent(BOB, false);
        h.settle();
        assertFalse(h.row(21).contains("typing"));
        h.chat.typingEvent(BOB, true);
        h.chat.receive(BOB, "done typing");
        h.settle();
        assertFalse(h.row(21).contains("typing"), "a message ends the typing");
    }

    @Test
    void aTypingIndicatorWithoutAStopGoesAfterSixQuietSeconds() {
        Harness h = withBobOpen();
        h.chat.typingEvent(BOB, true);
        h.settle();
        h.clock.advance(Duration.ofSeconds(4));
        h.chat.typingEvent(BOB, true); // still typing: the peer repeats the event
        h.settle();
        h.clock.advance(Duration.ofSeconds(4));
        h.settle();
        assertTrue(h.row(21).contains("bob is typing… "), "6 s have not passed since the last event: " + h.row(21));
        h.clock.advance(Duration.ofMillis(1999));
        h.settle();
        assertTrue(h.row(21).contains("bob is typing… "), h.row(21));
        h.clock.advance(Duration.ofMillis(1));
        h.settle();
        assertEquals("─".repeat(20) + "┴" + "─".repeat(59), h.row(21));
    }

    @Test
    void someoneElseTypingIsNotShown() {
        Harness h = withBobOpen();
        h.chat.typingEvent(CARL, true);
        h.settle();
        assertFalse(h.row(21).contains("typing"));
    }

    @Test
    void aMarkerShowsWhereUnreadMessagesBeginUntilTheConversationIsLeft() {
        Harness h = withBobOpen();
        h.chat.receive(CARL, "already read?");
        h.settle();
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // open carl: one message was unread
        assertTrue(pane(h, 2).startsWith("── unread ──"), pane(h, 2));
        assertEquals("10:15 carl: already read?", pane(h, 3));
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowUp);
        h.key(KeyType.Enter); // bob
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // carl again: read now
        assertEquals("10:15 carl: already read?", pane(h, 2));
    }

    @Test
    void scrolledBackThePaneSaysThereIsMoreBelow() {
        Harness h = withBobOpen();
        for (int i = 0; i < 40; i++) {
            h.chat.receive(BOB, "line " + i);
        }
        h.settle();
        assertEquals("10:15 bob: line 39", pane(h, 20));
        h.key(KeyType.PageUp); // a page is the pane's 19 rows less one kept for context
        assertEquals("10:15 bob: line 21", pane(h, 20));
        assertEquals("10:15 bob: line 3", pane(h, 2));
        assertTrue(h.row(21).contains(" more below: PgDn "));
        h.key(KeyType.PageDown);
        assertEquals("10:15 bob: line 39", pane(h, 20));
        assertFalse(h.row(21).contains("more below"));
    }

    @Test
    void aPeerReusingTheIdOfOurMessageGetsALineOfItsOwnAndCannotRewriteOurs() {
        Harness h = withBobOpen();
        h.enter("our words");
        ChatMessage ours = h.chat.sent.get(0);
        h.chat.status(ours, MessageStatus.DELIVERED); // bob acknowledges it, then sends a message with its id
        h.chat.receive(BOB, ours.id(), "words put in our mouth");
        h.settle();
        assertEquals("10:15 alice: our words ✓✓", pane(h, 2));
        assertEquals("10:15 bob: words put in our mouth", pane(h, 3));
        h.chat.status(ours.withStatus(MessageStatus.SENT), MessageStatus.DELIVERED); // ours again: updates ours
        h.settle();
        assertEquals("10:15 alice: our words ✓✓", pane(h, 2));
        assertEquals("10:15 bob: words put in our mouth", pane(h, 3));
    }
}
