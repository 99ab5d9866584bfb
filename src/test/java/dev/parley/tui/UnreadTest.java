package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 12: what arrived while the UI started is unread; times never run backwards; the rule's life. */
class UnreadTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");

    private static String pane(Harness h, int row) {
        return h.row(row).substring(22).stripTrailing();
    }

    private static Harness bobAndCarl() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        return h;
    }

    @Test
    void messagesQueuedWhileWeWereOfflineAreUnreadWhenTheUiStarts() {
        Harness h = bobAndCarl();
        h.chat.receive(CARL, "one");
        h.chat.receive(CARL, "two");
        h.chat.receive(CARL, "three");
        h.start();
        assertEquals(" ● carl           3 │", h.row(2).substring(0, 21), h.dump());
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"), h.dump());
        assertEquals("10:15 carl: one", pane(h, 3));
    }

    @Test
    void aMessageWhoseEventComesAfterTheSnapshotCountsWithTheOthers() {
        Harness h = bobAndCarl();
        h.chat.receive(CARL, "one");
        h.chat.receive(CARL, "two");
        h.start();
        h.chat.receive(CARL, "three");
        h.settle();
        assertEquals(" ● carl           3 │", h.row(2).substring(0, 21), h.dump());
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"), "the rule stands before the first, not the third");
    }

    @Test
    void whatWeAnsweredBeforeTheUiStartedIsRead() {
        Harness h = bobAndCarl();
        h.chat.receive(CARL, "one");
        h.chat.history(CARL, true, "answered", Instant.parse("2025-01-02T10:15:00Z"));
        h.start();
        assertEquals(" ● carl             │", h.row(2).substring(0, 21));
    }

    @Test
    void theUnreadRuleGoesOnceWeReply() {
        Harness h = bobAndCarl().start();
        h.key(KeyType.Enter); // bob open
        h.chat.receive(CARL, "are you there?");
        h.settle();
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(pane(h, 2).startsWith("── unread ──"));
        h.enter("yes");
        assertEquals("10:15 carl: are you there?", pane(h, 2), h.dump());
        assertFalse(h.dump().contains("── unread"), h.dump());
    }

    @Test
    void aMessageWrittenLongBeforeItArrivesComesAfterWhatWasShownAndSaysWhenItWasWritten() {
        Harness h = bobAndCarl().start();
        h.clock.set(Instant.parse("2025-01-02T13:00:00Z"));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.OFFLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.chat.now(Instant.parse("2025-01-02T11:00:00Z")); // queued by carl two hours ago
        h.chat.receive(CARL, "written at eleven");
        h.settle();
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        String screen = h.dump();
        int online = screen.indexOf("13:00 -- carl is online --");
        int late = screen.indexOf("13:00 carl: written at eleven (written 11:00)");
        assertTrue(online > 0 && late > online, screen);
    }

    @Test
    void aLineMarksWhereTheDayChanges() {
        Harness h = bobAndCarl();
        h.chat.history(BOB, false, "late on the first", Instant.parse("2025-01-01T23:50:00Z"));
        h.chat.history(BOB, false, "early on the second", Instant.parse("2025-01-02T00:10:00Z"));
        h.start();
        h.key(KeyType.Enter);
        String screen = h.dump();
        int first = screen.indexOf("23:50 bob: late on the first");
        int day = screen.indexOf("── Thursday 2 January 2025 ──");
        int second = screen.indexOf("00:10 bob: early on the second");
        assertTrue(first > 0 && day > first && second > day, screen);
    }

    @Test
    void eachConversationKeepsItsOwnDraft() {
        Harness h = bobAndCarl().start();
        h.key(KeyType.Enter); // bob
        h.type("half a thought for bob");
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // carl
        assertEquals("carl>", h.trimmed(22), "bob's draft does not follow us to carl");
        h.key(KeyType.Enter);
        assertTrue(h.chat.sent.isEmpty(), "nothing was sent to carl");
        h.key(KeyType.Escape);
        h.key(KeyType.ArrowUp);
        h.key(KeyType.Enter); // bob again
        assertEquals("bob> half a thought for bob", h.trimmed(22));
        h.key(KeyType.Enter);
        ChatMessage sent = h.chat.sent.get(0);
        assertEquals(BOB, sent.peer());
    }
}
