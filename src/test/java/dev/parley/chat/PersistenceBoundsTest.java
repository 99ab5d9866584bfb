package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.KnownPeer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What strangers can make us write to disk (issue 13, items 1 and 9): free identities are not
 * remembered, the remembered ones are bounded, and a known peer renaming itself in a loop costs one
 * save every {@link KnownPeers#MINOR_SAVE_MILLIS}, not one per record. Strangers never talked to leave
 * the list (issue 12).
 */
class PersistenceBoundsTest {
    private final TestPeer alice = TestPeer.named("alice");

    @Test
    void aFloodOfFreshIdentitiesWritesNothing() throws Exception {
        Node a = Node.started(alice);
        for (int i = 0; i < 3_000; i++) {
            FakeSession s = FakeSession.of(TestPeer.named("root" + (i % 3 == 0 ? "" : i)));
            a.engine.sessionUp(s);
            a.engine.received(s, new ChatRecord.NickChange("flood" + i));
            a.engine.sessionDown(s, "gone");
        }
        assertEquals(0, a.store.saves(), "no save for strangers the user never dealt with");
        assertTrue(a.store.load().isEmpty());
        assertTrue(a.events.warnings("key-changed").isEmpty() && a.events.warnings("nick-conflict").isEmpty(),
                "strangers sharing a nickname (root) are no impostors of anyone known");
    }

    @Test
    void atMostSoManyPeersAreRememberedAndVerifiedOnesStay() throws Exception {
        TestPeer verified = TestPeer.named("verified");
        KnownPeer v = new KnownPeer(verified.fingerprint(), verified.publicKey(), "verified", Instant.EPOCH,
                Instant.EPOCH, true, List.of());
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, new MemoryTrustStore(v), clock);
        for (int i = 0; i < KnownPeers.MAX_PEERS + 200; i++) {
            TestPeer p = TestPeer.named("peer" + i);
            FakeSession s = FakeSession.of(p);
            a.engine.sessionUp(s);
            ChatMessage m = a.engine.send(p.fingerprint(), "hello"); // the user wrote to it: remembered
            a.engine.received(s, new ChatRecord.Ack(m.id()));
            a.engine.sessionDown(s, "gone");
            clock.advance(Duration.ofSeconds(1));
        }
        a.engine.flushSaves();
        List<KnownPeer> saved = a.store.load();
        assertEquals(KnownPeers.MAX_PEERS, saved.size());
        assertTrue(a.store.get(verified.fingerprint()).isPresent(), "a verified peer is never the one dropped");
        assertTrue(a.store.get(TestPeer.named("peer0").fingerprint()).isEmpty(), "the one seen longest ago goes");
        assertTrue(a.store.get(TestPeer.named("peer" + (KnownPeers.MAX_PEERS + 199)).fingerprint()).isPresent());
    }

    @Test
    void aKnownPeerRenamingItselfInALoopCostsASaveEveryFewSeconds() throws Exception {
        TestPeer bob = TestPeer.named("bob");
        KnownPeer k = new KnownPeer(bob.fingerprint(), bob.publicKey(), "bob", Instant.EPOCH, Instant.EPOCH, false,
                List.of());
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, new MemoryTrustStore(k), clock);
        FakeSession s = FakeSession.of(bob);
        a.engine.sessionUp(s);
        int before = a.store.saves();
        for (int i = 0; i < 30_000; i++) { // 30 s of renames, one a millisecond
            a.engine.received(s, new ChatRecord.NickChange("bob" + i));
            clock.advance(Duration.ofMillis(1));
        }
        int saves = a.store.saves() - before;
        assertTrue(saves >= 2 && saves <= 30_000 / KnownPeers.MINOR_SAVE_MILLIS + 1, "saves: " + saves);
        a.engine.flushSaves();
        assertEquals("bob29999", a.store.get(bob.fingerprint()).orElseThrow().nickname(), "the newest is saved at the end");
    }

    @Test
    void aStrangerNeverTalkedToLeavesTheListAfterAWhile() throws Exception {
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, new MemoryTrustStore(), clock);
        TestPeer stranger = TestPeer.named("stranger");
        TestPeer talker = TestPeer.named("talker");
        FakeSession s1 = FakeSession.of(stranger);
        FakeSession s2 = FakeSession.of(talker);
        a.engine.sessionUp(s1);
        a.engine.sessionUp(s2);
        a.engine.received(s2, new ChatRecord.Text("0123456789abcdef0123456789abcdef", 0, "hi"));
        a.engine.sessionDown(s1, "gone");
        a.engine.sessionDown(s2, "gone");
        assertEquals(PeerState.LOST, a.engine.peer(stranger.fingerprint()).orElseThrow().state());
        clock.advance(Duration.ofMillis(ChatEngine.STRANGER_TTL_MILLIS - 1));
        a.engine.tick();
        assertTrue(a.engine.peer(stranger.fingerprint()).isPresent(), "not at once");
        clock.advance(Duration.ofMillis(1));
        a.engine.tick();
        assertTrue(a.engine.peer(stranger.fingerprint()).isEmpty());
        assertEquals(List.of(new RecordingListener.Removed(stranger.fingerprint())),
                a.events.of(RecordingListener.Removed.class));
        assertTrue(a.engine.peer(talker.fingerprint()).isPresent(), "a peer with a conversation stays");
    }
}
