package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A listener may block in {@code received} (the chat engine waits there while the user has not taken a
 * peer's messages). That holds back only that peer's connection (backpressure through TCP, nothing
 * lost, order kept), does not count as the peer's silence, and does not stop the session from being
 * closed, ended, replaced or shut down meanwhile.
 */
class BlockingListenerTest {
    private static final UnaryOperator<NetSettings> QUICK =
            s -> s.withTimeouts(s.handshakeTimeout(), Duration.ofMillis(200), Duration.ofSeconds(1));

    private static String id(int n) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putInt(12, n).array());
    }

    private static void send(Session s, String text, int n) {
        assertTrue(s.send(new ChatRecord.Text(id(n), n, text)), "send refused on " + s);
        s.flush();
    }

    private static String text(ChatRecord r) {
        return ((ChatRecord.Text) r).text();
    }

    /**
     * Holds a peer's reader thread in its listener, on records whose text starts with a prefix, until
     * released (at most 30 s).
     */
    private static final class Hold {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        Hold(TestPeer p, String prefix) {
            p.beforeRecord = (s, r) -> {
                if (r instanceof ChatRecord.Text t && t.text().startsWith(prefix)) {
                    held.countDown();
                    await(release);
                }
            };
        }

        /** Until a reader is held; fails after 10 s. */
        void awaitHeld() throws InterruptedException {
            assertTrue(held.await(10, TimeUnit.SECONDS), "no reader was held in its listener within 10 s");
        }

        void release() {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Session[] connect(TestPeer dialler, TestPeer other) throws InterruptedException {
        dialler.network.dial(other.address());
        return new Session[] {dialler.await("up").session(), other.await("up").session()};
    }

    @Test
    void aListenerHoldingTheReaderLongerThanTheSilenceLimitIsNotTheSilenceOfEitherSide() throws Exception {
        Hold hold = null;
        try (TestPeer alice = new TestPeer("alice", null, QUICK); TestPeer bob = new TestPeer("bob", null, QUICK)) {
            hold = new Hold(alice, "slow");
            Session fromBob = connect(bob, alice)[0];
            send(fromBob, "slow", 1);
            // Three times the silence limit, both sides pinging every 200 ms: neither ends the session.
            assertTrue(bob.quietFor("down", 3000), "bob ended the session while alice's listener held its reader");
            hold.release();
            assertEquals("slow", text(alice.records.poll(10, TimeUnit.SECONDS)));
            send(fromBob, "after", 2);
            assertEquals("after", text(alice.records.poll(10, TimeUnit.SECONDS)), "the session lived on");
            assertFalse(alice.events.stream().anyMatch(e -> e.kind().equals("down")), "alice ended the session");
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    @Test
    void aHeldReaderHoldsBackOnlyItsOwnPeerAndLosesNothing() throws Exception {
        int n = 3000;
        String filler = "x".repeat(1000);
        Hold hold = null;
        try (TestPeer carol = new TestPeer("carol"); TestPeer alice = new TestPeer("alice");
             TestPeer bob = new TestPeer("bob")) {
            hold = new Hold(carol, "alice");
            Session fromAlice = connect(alice, carol)[0];
            Session fromBob = connect(bob, carol)[0];
            for (int i = 0; i < n; i++) {
                send(fromAlice, "alice " + i + " " + filler, i); // never blocks, whatever carol reads
            }
            send(fromBob, "bob", n);
            assertEquals("bob", text(carol.records.poll(10, TimeUnit.SECONDS)), "bob waited for alice's flood");
            hold.release();
            for (int i = 0; i < n; i++) {
                ChatRecord r = carol.records.poll(20, TimeUnit.SECONDS);
                assertNotNull(r, "only " + i + " of alice's " + n + " records arrived");
                assertEquals("alice " + i + " " + filler, text(r));
            }
            assertTrue(carol.quietFor("down", 0));
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    @Test
    void aSessionIsClosedPromptlyWhileItsReaderIsHeld() throws Exception {
        Hold hold = null;
        try (TestPeer alice = new TestPeer("alice"); TestPeer bob = new TestPeer("bob")) {
            hold = new Hold(alice, "hold");
            Session[] s = connect(bob, alice);
            send(s[0], "hold", 1);
            hold.awaitHeld();
            long t0 = System.nanoTime();
            s[1].close();
            assertTrue(millisSince(t0) < 10_000, "close waited for the held reader"); // it is held until released below
            assertEquals("peer said goodbye", bob.await("down").detail());
            hold.release();
            assertEquals("closed", alice.await("down").detail());
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    @Test
    void aSessionIsEndedAsSilentPromptlyWhileItsReaderIsHeld() throws Exception {
        Hold hold = null;
        try (TestPeer alice = new TestPeer("alice"); TestPeer bob = new TestPeer("bob")) {
            hold = new Hold(alice, "hold");
            Session[] s = connect(bob, alice);
            send(s[0], "hold", 1);
            hold.awaitHeld();
            long t0 = System.nanoTime();
            ((LiveSession) s[1]).endSilent("peer silent for a test");
            assertTrue(millisSince(t0) < 10_000, "ending waited for the held reader"); // it is held until released below
            bob.await("down");
            hold.release();
            assertEquals("peer silent for a test", alice.await("down").detail());
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    @Test
    void shuttingDownWaitsOnlyBoundedForAHeldReader() throws Exception {
        Hold hold = null;
        try (TestPeer alice = new TestPeer("alice"); TestPeer bob = new TestPeer("bob")) {
            hold = new Hold(alice, "hold");
            Session[] s = connect(bob, alice);
            send(s[0], "hold", 1);
            hold.awaitHeld();
            long t0 = System.nanoTime();
            alice.network.close();
            long took = millisSince(t0);
            assertTrue(took < 30_000, "shutting down took " + took + " ms (bounded, though a listener holds a reader)");
            assertEquals("peer said goodbye", bob.await("down").detail());
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    /**
     * The peer restarts while our reader of its old session is held: the new session comes up at once;
     * the old one, retired, passes nothing more on and reports its own down once its listener returns.
     */
    @Test
    void aSessionIsReplacedPromptlyWhileItsReaderIsHeldAndThenPassesNothingOn() throws Exception {
        Hold hold = null;
        try (TestPeer alice = new TestPeer("alice"); TestPeer bob = new TestPeer("bob")) {
            hold = new Hold(alice, "hold");
            Session[] old = connect(bob, alice);
            send(old[0], "hold", 1);
            send(old[0], "never passed on", 2);
            hold.awaitHeld();
            try (TestPeer again = new TestPeer("bob", bob.identity, null, s -> s)) {
                again.network.dial(alice.address());
                Session fresh = alice.await("up").session();
                assertTrue(fresh != old[1], "the restarted bob's session came up while the old reader was held");
                hold.release();
                Map<String, List<TestPeer.Event>> atAlice = alice.awaitEach("down");
                assertEquals(old[1], atAlice.get("down").get(0).session());
                assertEquals("replaced by another connection", atAlice.get("down").get(0).detail());
                assertEquals("hold", text(alice.records.poll(10, TimeUnit.SECONDS)));
                assertTrue(alice.records.isEmpty(), "the replaced session passed a record on: " + alice.records);
                send(again.await("up").session(), "fresh", 3);
                assertEquals("fresh", text(alice.records.poll(10, TimeUnit.SECONDS)));
            }
        } finally {
            if (hold != null) {
                hold.release();
            }
        }
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }
}
