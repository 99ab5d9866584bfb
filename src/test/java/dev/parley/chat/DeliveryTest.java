package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Messages between two engines over fake sessions: delivery, ACKs, the outbox, dedup, order, limits. */
class DeliveryTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private Node a;
    private Node b;
    private PipedPair pair;

    @BeforeEach
    void setUp() throws Exception {
        a = Node.started(alice);
        b = Node.started(bob);
        pair = new PipedPair(a, b).connect();
    }

    @Test
    void messagesGoBothWaysAndAreDelivered() throws Exception {
        ChatMessage hi = a.engine.send(bob.fingerprint(), "hi bob");
        assertEquals(MessageStatus.SENT, hi.status());
        assertEquals(32, hi.id().length());
        assertTrue(hi.id().matches("[0-9a-f]{32}"));
        pair.pump();

        List<ChatMessage> got = b.events.received();
        assertEquals(1, got.size());
        ChatMessage in = got.get(0);
        assertEquals(hi.id(), in.id());
        assertEquals(alice.fingerprint(), in.peer());
        assertEquals("alice", in.author());
        assertEquals("hi bob", in.text());
        assertEquals(hi.time(), in.time());
        assertEquals(List.of(MessageStatus.SENT, MessageStatus.DELIVERED), a.events.statuses(hi.id()));

        ChatMessage reply = b.engine.send(alice.fingerprint(), "hi alice");
        pair.pump();
        assertEquals("hi alice", a.events.received().get(0).text());
        assertEquals(List.of(MessageStatus.SENT, MessageStatus.DELIVERED), b.events.statuses(reply.id()));
        assertEquals(List.of("hi bob", "hi alice"),
                a.engine.conversation(bob.fingerprint()).stream().map(ChatMessage::text).toList());
        assertEquals(MessageStatus.DELIVERED, a.engine.conversation(bob.fingerprint()).get(0).status());
        assertTrue(a.engine.undelivered().isEmpty());
    }

    @Test
    void conversationKeepsOrder() throws Exception {
        for (int i = 0; i < 20; i++) {
            a.engine.send(bob.fingerprint(), "m" + i);
        }
        pair.pump();
        List<String> texts = b.engine.conversation(alice.fingerprint()).stream().map(ChatMessage::text).toList();
        assertEquals(20, texts.size());
        for (int i = 0; i < 20; i++) {
            assertEquals("m" + i, texts.get(i));
        }
    }

    @Test
    void messagesToAnOfflinePeerAreQueuedThenSentExactlyOnceWhenItReturns() throws Exception {
        pair.cut();
        ChatMessage m1 = a.engine.send(bob.fingerprint(), "one");
        ChatMessage m2 = a.engine.send(bob.fingerprint(), "two");
        assertEquals(MessageStatus.QUEUED, m1.status());
        assertEquals(List.of(MessageStatus.QUEUED), a.events.statuses(m2.id()));
        assertEquals(List.of(m1.id(), m2.id()), a.engine.undelivered().stream().map(ChatMessage::id).toList());

        pair.connect();
        assertEquals(List.of("one", "two"), pair.ab.sent(ChatRecord.Text.class).stream()
                .map(ChatRecord.Text::text).toList());
        pair.pump();
        assertEquals(List.of("one", "two"), b.events.received().stream().map(ChatMessage::text).toList());
        assertEquals(List.of(MessageStatus.QUEUED, MessageStatus.SENT, MessageStatus.DELIVERED),
                a.events.statuses(m1.id()));
        assertTrue(a.engine.undelivered().isEmpty());

        pair.cut();
        pair.connect();
        assertTrue(pair.ab.sent(ChatRecord.Text.class).isEmpty(), "delivered messages are never resent");
    }

    @Test
    void aSessionDyingBeforeTheAckResendsOnceAndTheReceiverDropsTheDuplicate() throws Exception {
        ChatMessage m = a.engine.send(bob.fingerprint(), "important");
        pair.pumpTo(b); // bob has it; his ACK is still on the wire
        pair.cut();     // ...and is lost
        assertEquals(List.of(MessageStatus.SENT, MessageStatus.QUEUED), a.events.statuses(m.id()));
        assertEquals(List.of(m.id()), a.engine.undelivered().stream().map(ChatMessage::id).toList());

        pair.connect();
        assertEquals(List.of(m.id()), pair.ab.sent(ChatRecord.Text.class).stream().map(ChatRecord.Text::id).toList());
        pair.pump();
        assertEquals(1, b.events.received().size());
        assertEquals(1, b.engine.conversation(alice.fingerprint()).size());
        assertEquals(List.of(m.id()), pair.ba.sent(ChatRecord.Ack.class).stream().map(ChatRecord.Ack::id).toList(),
                "the duplicate is acknowledged too");
        assertEquals(MessageStatus.DELIVERED, a.engine.conversation(bob.fingerprint()).get(0).status());
        assertTrue(a.engine.undelivered().isEmpty());
    }

    @Test
    void aMessageLostOnTheWireIsResentInItsPlace() throws Exception {
        a.engine.send(bob.fingerprint(), "first");
        pair.pump();
        a.engine.send(bob.fingerprint(), "second");
        a.engine.send(bob.fingerprint(), "third");
        pair.cut();
        a.engine.send(bob.fingerprint(), "fourth");
        pair.connect();
        pair.pump();
        assertEquals(List.of("first", "second", "third", "fourth"),
                b.engine.conversation(alice.fingerprint()).stream().map(ChatMessage::text).toList());
    }

    @Test
    void aRefusingSessionQueuesAndTheQueueDrainsInOrder() throws Exception {
        pair.ab.refuse(true);
        ChatMessage m1 = a.engine.send(bob.fingerprint(), "1");
        assertEquals(MessageStatus.QUEUED, m1.status());
        pair.ab.refuse(false);
        ChatMessage m2 = a.engine.send(bob.fingerprint(), "2");
        assertEquals(MessageStatus.SENT, m2.status(), "a new message pushes the older queued one out first");
        assertEquals(List.of("1", "2"), pair.ab.sent(ChatRecord.Text.class).stream().map(ChatRecord.Text::text).toList());
        assertEquals(List.of(MessageStatus.QUEUED, MessageStatus.SENT), a.events.statuses(m1.id()));
        assertEquals(List.of(MessageStatus.SENT), a.events.statuses(m2.id()));
    }

    @Test
    void duplicatesAreDroppedByIdButAcknowledged() {
        ChatRecord.Text t = new ChatRecord.Text("0123456789abcdef0123456789abcdef", a.clock.millis(), "once");
        b.engine.received(pair.ba, t);
        b.engine.received(pair.ba, t);
        assertEquals(1, b.events.received().size());
        assertEquals(2, pair.ba.sent(ChatRecord.Ack.class).size());
    }

    @Test
    void malformedIdsAreDropped() {
        b.engine.received(pair.ba, new ChatRecord.Text("not-an-id", 0, "x"));
        b.engine.received(pair.ba, new ChatRecord.Text(null, 0, "x"));
        assertTrue(b.events.received().isEmpty());
    }

    @Test
    void anAckForSomeoneElsesMessageChangesNothing() throws Exception {
        ChatMessage m = a.engine.send(bob.fingerprint(), "x");
        TestPeer carol = TestPeer.named("carol");
        FakeSession ac = FakeSession.of(carol);
        a.engine.sessionUp(ac);
        a.engine.received(ac, new ChatRecord.Ack(m.id()));
        assertEquals(List.of(MessageStatus.SENT), a.events.statuses(m.id()));
    }

    @Test
    void receivedTextsAreSanitisedAndKeepLines() {
        b.engine.received(pair.ba, new ChatRecord.Text("0123456789abcdef0123456789abcdef", 0,
                "\u001b[2Jline one\r\nline\u202e two"));
        assertEquals("line one\nline two", b.events.received().get(0).text());
    }

    @Test
    void authorTimeIsBroughtToOurClockAndNeverInTheFuture() {
        FakeSession skewed = new FakeSession(TestPeer.named("carol"), null, false, 5_000);
        b.engine.sessionUp(skewed);
        long now = b.clock.millis();
        b.engine.received(skewed, new ChatRecord.Text("0123456789abcdef0123456789abcdef", now - 1_000, "x"));
        assertEquals(now - 6_000, b.events.received().get(0).time().toEpochMilli());
        b.engine.received(skewed, new ChatRecord.Text("1123456789abcdef0123456789abcdef", now + 60_000, "y"));
        assertEquals(now, b.events.received().get(1).time().toEpochMilli());
    }

    @Test
    void textAtTheLimitIsSentAndOneByteMoreIsRefusedNotTruncated() throws Exception {
        String max = "x".repeat(ChatRecord.MAX_TEXT_BYTES);
        assertEquals(MessageStatus.SENT, a.engine.send(bob.fingerprint(), max).status());
        pair.pump();
        assertEquals(max, b.events.received().get(0).text());

        ChatException e = assertThrows(ChatException.class, () -> a.engine.send(bob.fingerprint(), max + "y"));
        assertEquals("too-long", e.code());
        assertTrue(e.getMessage().contains(Integer.toString(ChatRecord.MAX_TEXT_BYTES + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(ChatRecord.MAX_TEXT_BYTES)), e.getMessage());
        assertEquals(1, pair.ab.sent(ChatRecord.Text.class).size());
        assertEquals(1, a.engine.conversation(bob.fingerprint()).size());
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        String euros = "€".repeat(ChatRecord.MAX_TEXT_BYTES / 3 + 1); // 3 bytes each: just over
        ChatException e = assertThrows(ChatException.class, () -> a.engine.send(bob.fingerprint(), euros));
        assertEquals("too-long", e.code());
    }

    @Test
    void blankTextIsRefused() {
        for (String blank : List.of("", "   ", "\n\t", "\u001b[31m\u0007")) {
            ChatException e = assertThrows(ChatException.class, () -> a.engine.send(bob.fingerprint(), blank));
            assertEquals("empty", e.code());
        }
        assertTrue(pair.ab.sent().isEmpty());
    }

    @Test
    void sendingToAnUnknownFingerprintIsRefused() {
        ChatException e = assertThrows(ChatException.class,
                () -> a.engine.send(TestPeer.named("nobody").fingerprint(), "hi"));
        assertEquals("unknown-peer", e.code());
    }

    @Test
    void undeliveredListsQueuedAndSentButNotDelivered() throws Exception {
        ChatMessage delivered = a.engine.send(bob.fingerprint(), "d");
        pair.pump();
        ChatMessage sent = a.engine.send(bob.fingerprint(), "s");
        pair.cut();
        ChatMessage queued = a.engine.send(bob.fingerprint(), "q");
        List<String> ids = a.engine.undelivered().stream().map(ChatMessage::id).toList();
        assertEquals(List.of(sent.id(), queued.id()), ids);
        assertFalse(ids.contains(delivered.id()));
    }

    @Test
    void lastSeenIsSavedOncePerSessionNotPerMessage() throws Exception {
        int saves = b.store.saves();
        a.clock.advance(Duration.ofMinutes(1));
        for (int i = 0; i < 5; i++) {
            a.engine.send(bob.fingerprint(), "m" + i);
        }
        pair.pump();
        assertEquals(saves, b.store.saves());
    }
}
