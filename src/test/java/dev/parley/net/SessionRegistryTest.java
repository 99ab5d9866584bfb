package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.LockCheck;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Payload;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link SessionRegistry} over fake sessions: the rule for two connections with one peer, and how
 * sessions are reported: up then down from the thread that runs them, holding no lock; a duplicate
 * never; a replaced one retired and closed, reporting its own down; ups for one peer in order.
 */
class SessionRegistryTest {
    private static final byte[] SMALL = key(1);
    private static final byte[] LARGE = key(9);
    private static final byte[] INSTANCE = {1, 2, 3, 4, 5, 6, 7, 8};

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final java.util.Map<Thread, String> runners = new java.util.concurrent.ConcurrentHashMap<>();

    // ---- the duplicate rule, with values

    @Test
    void ofConnectionsDialledEitherWayBothSidesKeepTheOneTheSmallerKeyDialled() {
        // We (SMALL) dialled the candidate; the existing one the peer (LARGE) dialled.
        assertTrue(SessionRegistry.replaces(handshake(true, LARGE, 5), handshake(false, LARGE, 1), SMALL));
        assertFalse(SessionRegistry.replaces(handshake(false, LARGE, 1), handshake(true, LARGE, 5), SMALL));
        // The peer (LARGE) sees the same two connections from its side, and agrees.
        assertFalse(SessionRegistry.replaces(handshake(true, SMALL, 1), handshake(false, SMALL, 5), LARGE));
        assertTrue(SessionRegistry.replaces(handshake(false, SMALL, 5), handshake(true, SMALL, 1), LARGE));
    }

    @Test
    void ofTwoDialledTheSameWayTheSmallerTranscriptHashIsKept() {
        assertTrue(SessionRegistry.replaces(handshake(true, LARGE, 1), handshake(true, LARGE, 2), SMALL));
        assertFalse(SessionRegistry.replaces(handshake(true, LARGE, 2), handshake(true, LARGE, 1), SMALL));
    }

    @Test
    void aRestartedPeersConnectionReplacesTheStaleOneWhateverTheRule() {
        HandshakeResult stale = handshake(true, LARGE, 1);
        HandshakeResult restarted = handshake(false, LARGE, 2, new byte[] {8, 7, 6, 5, 4, 3, 2, 1});
        assertFalse(SessionRegistry.preferred(restarted, stale, SMALL));
        assertTrue(SessionRegistry.replaces(restarted, stale, SMALL));
    }

    // ---- reporting

    @Test
    void aKeptSessionIsReportedUpThenDownFromTheThreadThatRunsItHoldingNoLock() throws Exception {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer());
        Fake s = new Fake(handshake(true, LARGE, 1), "s");
        SessionRegistry.Kept kept = registry.register(s);
        assertNotNull(kept);
        assertTrue(registry.isLive(s.fingerprint()));
        Thread runner = run(kept, "runner");
        assertEquals("up s on runner", next());
        s.end(new SessionReader.End("peer said goodbye", true));
        assertEquals("down s on runner: peer said goodbye", next());
        runner.join(10_000);
        assertFalse(registry.isLive(s.fingerprint()));
        assertEquals(List.of("up " + s.fingerprint(), "ended " + s.fingerprint() + " goodbye"), observed);
        assertEquals(List.of(), violations);
    }

    @Test
    void aDuplicateIsDiscardedAndNeverReported() throws Exception {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer());
        Fake kept = new Fake(handshake(true, LARGE, 1), "kept");
        run(registry.register(kept), "runner");
        assertEquals("up kept on runner", next());
        Fake duplicate = new Fake(handshake(false, LARGE, 0), "duplicate"); // dialled by the larger key
        assertNull(registry.register(duplicate));
        assertTrue(duplicate.discarded);
        assertFalse(kept.retired || kept.closed);
        assertEquals(List.of(kept), registry.live());
        kept.end(new SessionReader.End("closed", false));
        assertEquals("down kept on runner: closed", next());
        assertNull(events.poll(100, TimeUnit.MILLISECONDS), "something reported the duplicate");
    }

    @Test
    void aReplacedSessionIsRetiredAndClosedAndItsOwnReaderReportsItDown() throws Exception {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer());
        Fake old = new Fake(handshake(false, LARGE, 1), "old");
        Thread oldRunner = run(registry.register(old), "old-runner");
        assertEquals("up old on old-runner", next());
        Fake fresh = new Fake(handshake(true, LARGE, 2), "fresh"); // we, the smaller key, dialled it
        SessionRegistry.Kept kept = registry.register(fresh);
        assertNotNull(kept);
        assertTrue(old.retired && old.closed, "the replaced session was retired and told to close");
        assertEquals(List.of(fresh), registry.live());
        assertEquals(List.of(old), registry.ending());
        run(kept, "fresh-runner");
        assertEquals("up fresh on fresh-runner", next(), "the newer one comes up without waiting for the old one's end");
        old.end(new SessionReader.End("peer said goodbye", true));
        assertEquals("down old on old-runner: replaced by another connection", next());
        oldRunner.join(10_000);
        assertEquals(List.of(), registry.ending());
        assertEquals(List.of(fresh), registry.live());
        assertFalse(observed.contains("ended " + old.fingerprint() + " goodbye"), "the dialer heard of a replaced session's end");
        assertEquals(List.of(), violations);
    }

    @Test
    void aNewerSessionIsReportedUpOnlyOnceTheUpOfTheOneItReplacedHasBeen() throws Exception {
        CountDownLatch releaseFirstUp = new CountDownLatch(1);
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder() {
            @Override public void sessionUp(Session s) {
                super.sessionUp(s);
                if (s.toString().equals("old")) {
                    await(releaseFirstUp); // a slow first up: the second must wait for it, unlocked
                }
            }
        }, new Observer());
        Fake old = new Fake(handshake(false, LARGE, 1), "old");
        run(registry.register(old), "old-runner");
        assertEquals("up old on old-runner", next());
        Fake fresh = new Fake(handshake(true, LARGE, 2), "fresh");
        SessionRegistry.Kept kept = registry.register(fresh); // would hang if the first up held the lock
        run(kept, "fresh-runner");
        assertNull(events.poll(200, TimeUnit.MILLISECONDS), "the newer session came up before the older one had");
        releaseFirstUp.countDown();
        assertEquals("up fresh on fresh-runner", next());
        old.end(new SessionReader.End("closed", false));
        fresh.end(new SessionReader.End("closed", false));
        List<String> downs = List.of(next(), next());
        assertTrue(downs.contains("down old on old-runner: replaced by another connection"), downs.toString());
        assertTrue(downs.contains("down fresh on fresh-runner: closed"), downs.toString());
        assertEquals(List.of(), violations);
    }

    @Test
    void closingSaysGoodbyeWaitsBoundedThenAbortsAndRefusesNewcomers() throws Exception {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer());
        Fake stuck = new Fake(handshake(true, LARGE, 1), "stuck"); // its reader never ends by itself
        run(registry.register(stuck), "runner");
        assertEquals("up stuck on runner", next());
        long t0 = System.nanoTime();
        registry.close(200);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(stuck.closed, "no goodbye");
        assertTrue(stuck.aborted, "not closed at once after the wait");
        assertTrue(took < 30_000, "close waited " + took + " ms (for a reader that never ends: bounded, 200 ms asked)");
        assertEquals("down stuck on runner: aborted", next());
        Fake late = new Fake(handshake(true, key(5), 1), "late");
        assertNull(registry.register(late));
        assertTrue(late.aborted);
        assertFalse(observed.stream().anyMatch(o -> o.startsWith("ended")), "the dialer was told after close");
    }

    @Test
    void anErrorFromTheReaderStillReportsTheSessionDownAndUnregistersIt() throws Exception {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer());
        for (Error error : List.of(new StackOverflowError("deep"), new OutOfMemoryError("heap"))) {
            Fake s = new Fake(handshake(true, LARGE, 1), "s");
            s.throwing = error;
            SessionRegistry.Kept kept = registry.register(s);
            java.util.concurrent.atomic.AtomicReference<Throwable> escaped = new java.util.concurrent.atomic.AtomicReference<>();
            Thread runner = new Thread(() -> {
                try {
                    kept.run(() -> { });
                } catch (Throwable e) {
                    escaped.set(e);
                }
            }, "runner");
            runners.put(runner, "runner");
            runner.start();
            assertEquals("up s on runner", next());
            s.end(new SessionReader.End("never seen", false)); // readLoop now throws the error
            String down = next();
            assertTrue(down.startsWith("down s on runner: internal error"), down);
            runner.join(10_000);
            assertTrue(escaped.get() == error, "the error goes on up to the pool's thread: " + escaped.get());
            assertTrue(s.aborted, "its socket was closed");
            assertFalse(registry.isLive(s.fingerprint()), "a dead session stayed registered");
            assertEquals(List.of(), registry.live());
            assertTrue(observed.contains("ended " + s.fingerprint()), "the dialer was not told: " + observed);
            observed.clear();
            Fake again = new Fake(handshake(false, LARGE, 0), "again"); // a duplicate, were s still live
            SessionRegistry.Kept next = registry.register(again);
            assertNotNull(next, "the peer's next session was refused as a duplicate of the dead one");
            Thread r2 = run(next, "runner");
            assertEquals("up again on runner", next());
            again.end(new SessionReader.End("closed", false));
            assertEquals("down again on runner: closed", next());
            r2.join(10_000);
            observed.clear();
        }
        assertEquals(List.of(), violations);
    }

    // ---- the bound on sessions (issue 13 item 1)

    private final java.util.Map<String, dev.parley.chat.Standing> standings = new java.util.concurrent.ConcurrentHashMap<>();

    private SessionRegistry bounded(int max) {
        SessionRegistry registry = new SessionRegistry(SMALL, new Recorder(), new Observer(), max);
        registry.standings(fp -> standings.getOrDefault(fp, dev.parley.chat.Standing.STRANGER));
        return registry;
    }

    private Fake peer(int key, String name, dev.parley.chat.Standing standing) {
        Fake f = new Fake(handshake(true, key(key), 1), name);
        standings.put(f.fingerprint(), standing);
        return f;
    }

    @Test
    void atTheBoundAStrangerIsRefusedAndAKnownPeerTakesTheNewestStrangersPlace() throws Exception {
        SessionRegistry registry = bounded(3);
        List<Fake> strangers = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Fake f = peer(10 + i, "stranger" + i, dev.parley.chat.Standing.STRANGER);
            strangers.add(f);
            run(registry.register(f), "runner");
            assertEquals("up stranger" + i + " on runner", next());
        }
        Fake fourth = peer(20, "fourth", dev.parley.chat.Standing.STRANGER);
        assertThrows(SessionRegistry.SessionsFullException.class, () -> registry.register(fourth));
        assertTrue(fourth.aborted, "the refused session was closed at once");
        assertEquals(3, registry.live().size());
        assertEquals(1, registry.refusedCount());

        Fake alice = peer(30, "alice", dev.parley.chat.Standing.KNOWN);
        SessionRegistry.Kept kept = registry.register(alice);
        assertNotNull(kept, "a known peer was refused at the bound");
        assertTrue(strangers.get(2).aborted, "the newest stranger made room");
        assertFalse(strangers.get(0).aborted || strangers.get(1).aborted);
        assertEquals("down stranger2 on runner: closed to make room for a known peer (3 sessions held)", next());
        run(kept, "runner");
        assertEquals("up alice on runner", next());
        assertEquals(3, registry.live().size());
        assertTrue(registry.isLive(alice.fingerprint()));
        assertEquals(1, registry.pushedOutCount());
        assertTrue(observed.contains("ended " + strangers.get(2).fingerprint()), "the dialer may try it again later");

        Fake bob = peer(31, "bob", dev.parley.chat.Standing.VERIFIED);
        run(registry.register(bob), "runner");
        assertTrue(strangers.get(1).aborted, "a verified peer takes the place of a stranger too");
        Fake carol = peer(32, "carol", dev.parley.chat.Standing.KNOWN);
        run(registry.register(carol), "runner");
        assertTrue(strangers.get(0).aborted);
        Fake dave = peer(33, "dave", dev.parley.chat.Standing.KNOWN);
        assertThrows(SessionRegistry.SessionsFullException.class, () -> registry.register(dave),
                "a known peer took the place of another known peer");
        assertFalse(alice.aborted || carol.aborted || bob.aborted);
        Fake eve = peer(34, "eve", dev.parley.chat.Standing.VERIFIED);
        run(registry.register(eve), "runner");
        assertTrue(carol.aborted && !alice.aborted, "of the known ones, the newest made room for a verified peer");
        assertFalse(bob.aborted);
        assertEquals(List.of(), violations);
    }

    @Test
    void aStrangerTheUserHasSinceDealtWithIsNotPushedOutForAnotherKnownPeer() throws Exception {
        SessionRegistry registry = bounded(1);
        Fake s = peer(10, "s", dev.parley.chat.Standing.STRANGER);
        run(registry.register(s), "runner");
        assertEquals("up s on runner", next());
        standings.put(s.fingerprint(), dev.parley.chat.Standing.KNOWN); // the user wrote to it meanwhile
        Fake alice = peer(30, "alice", dev.parley.chat.Standing.KNOWN);
        assertThrows(SessionRegistry.SessionsFullException.class, () -> registry.register(alice));
        assertFalse(s.aborted, "pushed out on the standing it had when it came");
    }

    @Test
    void aReplacedSessionStillClosingCountsAndMakesRoomFirst() throws Exception {
        SessionRegistry registry = bounded(3);
        Fake old = new Fake(handshake(false, LARGE, 1), "old");
        run(registry.register(old), "runner");
        Fake other = peer(10, "other", dev.parley.chat.Standing.STRANGER);
        run(registry.register(other), "runner");
        Fake fresh = new Fake(handshake(true, LARGE, 2), "fresh");
        run(registry.register(fresh), "runner");
        assertTrue(old.closed && !old.aborted, "with room, the replaced one closes politely");
        assertEquals(List.of(old), registry.ending());
        Fake stranger = peer(11, "stranger", dev.parley.chat.Standing.STRANGER);
        assertNotNull(registry.register(stranger), "a closing session is worth nothing: it makes room");
        assertTrue(old.aborted);
        assertFalse(other.aborted);
        // full again (fresh, other, stranger): a restarted peer's new session replaces its old one at once
        Fake restarted = new Fake(handshake(false, LARGE, 3, new byte[] {8, 7, 6, 5, 4, 3, 2, 1}), "restarted");
        assertNotNull(registry.register(restarted));
        assertTrue(fresh.aborted, "no room for the replaced one to close politely: closed at once");
        assertFalse(other.aborted);
    }

    @Test
    void sessionsPushedOutButStillEndingAreCappedSoReadersStayBounded() throws Exception {
        SessionRegistry registry = bounded(1);
        List<Fake> stuck = new java.util.ArrayList<>();
        Fake first = peer(10, "first", dev.parley.chat.Standing.STRANGER);
        first.endsOnAbort = false; // its reader takes its time to notice
        stuck.add(first);
        registry.register(first);
        int kept = 1;
        for (int i = 0; i < SessionRegistry.MAX_UNWINDING + 5; i++) {
            dev.parley.chat.Standing rank = i % 2 == 0 ? dev.parley.chat.Standing.KNOWN : dev.parley.chat.Standing.VERIFIED;
            if (i % 2 == 0) {
                standings.put(stuck.get(stuck.size() - 1).fingerprint(), dev.parley.chat.Standing.STRANGER);
            }
            Fake f = peer(40 + i, "p" + i, rank);
            f.endsOnAbort = false;
            try {
                registry.register(f);
                stuck.add(f);
                kept++;
            } catch (SessionRegistry.SessionsFullException full) {
                assertTrue(f.aborted);
            }
            // every session registered and not yet ended holds a reader thread
            assertTrue(registry.live().size() + registry.ending().size() <= 1 + SessionRegistry.MAX_UNWINDING,
                    "readers: " + (registry.live().size() + registry.ending().size()));
        }
        assertEquals(1 + SessionRegistry.MAX_UNWINDING, kept, "once 16 were ending, nobody was let in");
        assertTrue(registry.refusedCount() > 0);
    }

    /** Reviewer item 3: pushed out before its reader started, a session was reported up then down. */
    @Test
    void aSessionPushedOutBeforeItsRunStartsIsNeverReportedAndFreesItsUnwindingPlace() throws Exception {
        SessionRegistry registry = bounded(1);
        Fake stranger = peer(10, "stranger", dev.parley.chat.Standing.STRANGER);
        SessionRegistry.Kept strangerKept = registry.register(stranger);
        Fake alice = peer(30, "alice", dev.parley.chat.Standing.KNOWN);
        SessionRegistry.Kept aliceKept = registry.register(alice);
        assertNotNull(aliceKept);
        assertTrue(stranger.aborted);
        assertEquals(List.of(stranger), registry.ending().stream().map(m -> (Fake) m).toList());
        Thread r = run(strangerKept, "runner");
        r.join(10_000);
        assertFalse(r.isAlive(), "its run returned");
        assertEquals(List.of(), registry.ending(), "its unwinding place is free again");
        run(aliceKept, "runner");
        assertEquals("up alice on runner", next(), "the stranger was never reported up, nor down");
        assertTrue(observed.contains("ended " + stranger.fingerprint()), "the dialer may still try it again later");
        assertEquals(List.of(), violations);
    }

    /** A kept session whose thread failed before running it is unregistered, its unwinding place freed. */
    @Test
    void anAbandonedSessionIsUnregisteredWithoutBeingReported() throws Exception {
        SessionRegistry registry = bounded(1);
        Fake stranger = peer(10, "stranger", dev.parley.chat.Standing.STRANGER);
        SessionRegistry.Kept strangerKept = registry.register(stranger);
        strangerKept.abandon();
        assertTrue(stranger.aborted);
        assertFalse(registry.isLive(stranger.fingerprint()));
        Fake other = peer(11, "other", dev.parley.chat.Standing.STRANGER);
        SessionRegistry.Kept otherKept = registry.register(other); // would be refused were the place still held
        registry.register(peer(30, "alice", dev.parley.chat.Standing.KNOWN)); // pushes other out: unwinding
        otherKept.abandon();
        assertEquals(List.of(), registry.ending(), "the unwinding place is free again");
        assertTrue(events.isEmpty(), "nothing reported: " + events);
    }

    // ---- helpers

    private String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(e, "no event within 10 s");
        return e;
    }

    private Thread run(SessionRegistry.Kept kept, String name) {
        assertNotNull(kept);
        Thread t = new Thread(() -> kept.run(() -> { }), name);
        runners.put(t, name); // the runner renames itself while it runs a session
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] key(int first) {
        byte[] k = new byte[32];
        k[0] = (byte) first;
        return k;
    }

    private static HandshakeResult handshake(boolean initiator, byte[] peerKey, int transcript) {
        return handshake(initiator, peerKey, transcript, INSTANCE);
    }

    private static HandshakeResult handshake(boolean initiator, byte[] peerKey, int transcript, byte[] instance) {
        byte[] hash = new byte[32];
        hash[0] = (byte) transcript;
        return new HandshakeResult(initiator, 1, peerKey, new Payload(0, "peer", Capabilities.instance(instance)),
                new byte[32], new byte[32], hash);
    }

    /** Records every call with the thread it came on, and any lock held. */
    private class Recorder implements SessionListener {
        @Override public void sessionUp(Session s) {
            check("sessionUp");
            events.add("up " + s + " on " + runners.get(Thread.currentThread()));
        }

        @Override public void received(Session s, ChatRecord r) {
            check("received");
        }

        @Override public void sessionDown(Session s, String reason) {
            check("sessionDown");
            events.add("down " + s + " on " + runners.get(Thread.currentThread()) + ": " + reason);
        }

        private void check(String where) {
            List<String> held = LockCheck.heldByCurrentThread();
            if (!held.isEmpty()) {
                violations.add(where + " holding " + held);
            }
        }
    }

    private class Observer implements SessionRegistry.Observer {
        @Override public void sessionUp(String fingerprint) {
            observed.add("up " + fingerprint);
        }

        @Override public void sessionEnded(String fingerprint, boolean peerSaidGoodbye) {
            observed.add("ended " + fingerprint + (peerSaidGoodbye ? " goodbye" : ""));
        }
    }

    /** A session whose reader runs until the test ends it (or it is aborted); records what was done to it. */
    private static final class Fake implements SessionRegistry.Member {
        private final HandshakeResult handshake;
        private final String name;
        private final CompletableFuture<SessionReader.End> end = new CompletableFuture<>();
        volatile boolean retired;
        volatile boolean closed;
        volatile boolean discarded;
        volatile boolean aborted;
        /** Whether {@link #abort} ends the reader at once. */
        volatile boolean endsOnAbort = true;
        /** Thrown by {@link #readLoop} once the test ends the session. */
        volatile Error throwing;

        Fake(HandshakeResult handshake, String name) {
            this.handshake = handshake;
            this.name = name;
        }

        void end(SessionReader.End e) {
            end.complete(e);
        }

        @Override public String fingerprint() { return handshake.peerFingerprint(); }
        @Override public byte[] publicKey() { return handshake.peerPublicKey(); }
        @Override public String nickname() { return "peer"; }
        @Override public InetSocketAddress remoteAddress() { return null; }
        @Override public boolean outbound() { return handshake.initiator(); }
        @Override public long clockOffsetMillis() { return 0; }
        @Override public boolean send(ChatRecord record) { return false; }
        @Override public void close() { closed = true; }
        @Override public HandshakeResult handshake() { return handshake; }
        @Override public void retire() { retired = true; }
        @Override public void discard() { discarded = true; }
        @Override public long idleReceiveMillis() { return 0; }
        @Override public long idleSendMillis() { return 0; }
        @Override public void ping() { }
        @Override public void endSilent(String reason) { end(new SessionReader.End(reason, false)); }

        @Override public void abort() {
            aborted = true;
            if (endsOnAbort) {
                end(new SessionReader.End("aborted", false));
            }
        }

        @Override
        public SessionReader.End readLoop() {
            SessionReader.End e = end.join();
            if (throwing != null) {
                throw throwing;
            }
            return e;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
