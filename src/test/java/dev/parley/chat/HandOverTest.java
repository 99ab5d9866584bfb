package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Delivered means handed to the user: a receiver whose front end acknowledges what it handed over
 * holds the sender back through the sender's window (honest senders) and by not reading (others).
 */
class HandOverTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private Node a;
    private Node b;
    private PipedPair pair;

    @BeforeEach
    void setUp() throws Exception {
        a = Node.started(alice);
        b = new Node(bob, new MemoryTrustStore(), new MutableClock());
        b.engine.acknowledgeWhenHandedOver();
        b.engine.start();
        pair = new PipedPair(a, b).connect();
    }

    @Test
    void aMessageIsDeliveredOnlyOnceTheFrontEndHandedItOver() throws Exception {
        ChatMessage hi = a.engine.send(bob.fingerprint(), "hi");
        pair.pump();
        assertEquals(1, b.events.received().size(), "the front end has it");
        assertEquals(List.of(MessageStatus.SENT), a.events.statuses(hi.id()), "but the user has not seen it yet");
        b.engine.handedOver(b.events.received());
        pair.pump();
        assertEquals(List.of(MessageStatus.SENT, MessageStatus.DELIVERED), a.events.statuses(hi.id()));
        b.engine.handedOver(b.events.received());
        pair.pump();
        assertEquals(1, pair.ba.sent(ChatRecord.Ack.class).size(), "handed over twice, acknowledged once");
    }

    @Test
    void aReceiverThatDoesNotReadHoldsTheSenderBackAtItsWindowAndLosesNothing() throws Exception {
        int total = Outbox.WINDOW + 50;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            ids.add(a.engine.send(bob.fingerprint(), "m" + i).id());
        }
        pair.pump();
        assertEquals(Outbox.WINDOW, b.events.received().size(), "the window is on the wire, the rest waits");
        assertEquals(50, ids.stream().filter(id -> a.events.statuses(id).equals(List.of(MessageStatus.QUEUED))).count());
        int handed = 0;
        while (handed < total) {
            List<ChatMessage> now = b.events.received();
            b.engine.handedOver(now.subList(handed, now.size()));
            handed = now.size();
            pair.pump();
        }
        assertEquals(ids, b.events.received().stream().map(ChatMessage::id).toList(), "every one, in order, once");
        for (String id : ids) {
            assertEquals(MessageStatus.DELIVERED, a.events.statuses(id).get(a.events.statuses(id).size() - 1));
        }
        assertTrue(a.engine.undelivered().isEmpty());
    }

    @Test
    void aSessionThatEndsBeforeTheHandOverIsResentAndShownOnce() throws Exception {
        ChatMessage m = a.engine.send(bob.fingerprint(), "once");
        pair.pump();
        pair.cut();
        pair.connect();
        pair.pump(); // resent on the new session: a duplicate still waiting, not acknowledged
        assertEquals(1, b.events.received().size());
        assertEquals(MessageStatus.SENT, a.engine.conversation(bob.fingerprint()).get(0).status());
        b.engine.handedOver(b.events.received());
        pair.pump();
        assertEquals(MessageStatus.DELIVERED, a.engine.conversation(bob.fingerprint()).get(0).status());
        assertEquals(m.id(), b.events.received().get(0).id());
    }

    @Test
    void aPeerThatIgnoresTheWindowIsReadNoFurtherUntilTheFrontEndTakesSome() throws Exception {
        AtomicInteger done = new AtomicInteger();
        CountDownLatch finished = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            for (int i = 0; i < Inbox.MAX_UNHANDED + 1; i++) {
                b.engine.received(pair.ba, new ChatRecord.Text(String.format("%032x", i), 0, "flood " + i));
                done.incrementAndGet();
            }
            finished.countDown();
        }, "test-reader");
        reader.start();
        awaitWaiting(reader);
        assertEquals(Inbox.MAX_UNHANDED - 1, done.get(), "the reader waits after the message that filled the inbox");
        assertEquals(Inbox.MAX_UNHANDED, b.events.received().size(), "which the front end has");
        b.engine.handedOver(b.events.received().subList(0, 2));
        assertTrue(finished.await(10, TimeUnit.SECONDS), "taking some lets the reader go on");
        assertEquals(Inbox.MAX_UNHANDED + 1, b.events.received().size());
    }

    @Test
    void aWaitingReaderStopsWaitingWhenItsSessionCloses() throws Exception {
        CountDownLatch finished = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            for (int i = 0; i < Inbox.MAX_UNHANDED; i++) {
                b.engine.received(pair.ba, new ChatRecord.Text(String.format("%032x", i), 0, "flood " + i));
            }
            finished.countDown();
        }, "test-reader");
        reader.start();
        awaitWaiting(reader);
        pair.ba.close(); // the socket closed under it: shutdown, or the keep-alive gave up
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the reader returns to find its socket closed");
    }

    @Test
    void ignoringEndsTheSessionRefusesNewOnesAndIsRemembered() throws Exception {
        b.engine.ignore(alice.fingerprint(), true);
        assertTrue(pair.ba.closed(), "the session is ended");
        PeerInfo p = b.engine.peer(alice.fingerprint()).orElseThrow();
        assertTrue(p.ignored());
        assertEquals(PeerState.OFFLINE, p.state());
        assertTrue(b.store.get(alice.fingerprint()).orElseThrow().ignored(), "remembered");
        assertThrows(ChatException.class, () -> b.engine.send(alice.fingerprint(), "x"));

        FakeSession again = FakeSession.of(alice);
        b.engine.sessionUp(again);
        assertTrue(again.closed(), "a new session is refused");
        b.engine.received(again, new ChatRecord.Text(String.format("%032x", 9), 0, "let me in"));
        assertTrue(b.events.received().isEmpty(), "nothing from it is shown");

        Node restarted = Node.started(bob, b.store, new MutableClock());
        assertTrue(restarted.engine.peer(alice.fingerprint()).orElseThrow().ignored(), "also after a restart");

        b.engine.ignore(alice.fingerprint(), false);
        assertFalse(b.engine.peer(alice.fingerprint()).orElseThrow().ignored());
        assertFalse(b.store.get(alice.fingerprint()).orElseThrow().ignored());
        FakeSession back = FakeSession.of(alice);
        b.engine.sessionUp(back);
        assertFalse(back.closed());
        assertEquals(PeerState.ONLINE, b.engine.peer(alice.fingerprint()).orElseThrow().state());
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (t.getState() != Thread.State.TIMED_WAITING && t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, "the reader never waited: " + t.getState());
            assertTrue(t.isAlive(), "the reader ended without waiting");
            Thread.onSpinWait();
        }
    }
}
