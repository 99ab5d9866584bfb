package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Trust on first use, changed keys under a known nickname, verification, nickname conflicts. */
class TrustTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private final TestPeer impostor = TestPeer.keyed("bob", "someone else");

    private static KnownPeer known(TestPeer p, Instant when, boolean verified) {
        return new KnownPeer(p.fingerprint(), p.publicKey(), p.nickname(), when, when, verified, List.of());
    }

    @Test
    void aNewPeerIsShownOnlineBeforeItsKeyIsSaved() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        Node a = Node.started(alice, store, new MutableClock());
        List<List<PeerState>> statesWhenSaved = new java.util.ArrayList<>();
        store.beforeSave(() -> statesWhenSaved.add(a.events.states(bob.fingerprint())));
        a.engine.found(new DiscoveredPeer(bob.fingerprint(), "bob", List.of(new InetSocketAddress("10.77.0.2", 7447)),
                1, 1, false));
        a.engine.send(bob.fingerprint(), "are you there?"); // queued: the user wrote to it, so remembered once proven
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(1, statesWhenSaved.size(), "one save");
        assertTrue(statesWhenSaved.get(0).contains(PeerState.ONLINE),
                "the save (an fsync) waits for the event, not the event for the save: " + statesWhenSaved);
        assertTrue(store.get(bob.fingerprint()).isPresent());
    }

    @Test
    void aKnownPeerReconnectingIsShownOnlineBeforeItsLastSeenIsSaved() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore(known(bob, Instant.EPOCH, false));
        Node a = Node.started(alice, store, new MutableClock());
        List<List<PeerState>> statesWhenSaved = new java.util.ArrayList<>();
        store.beforeSave(() -> statesWhenSaved.add(a.events.states(bob.fingerprint())));
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(1, statesWhenSaved.size(), "one save");
        assertTrue(statesWhenSaved.get(0).contains(PeerState.ONLINE), statesWhenSaved.toString());
    }

    @Test
    void aNewPeerIsRememberedAndKnownOnTheNextRun() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, store, clock);
        FakeSession first = FakeSession.of(bob);
        a.engine.sessionUp(first);
        assertEquals(Trust.NEW, a.engine.peer(bob.fingerprint()).orElseThrow().trust());
        assertTrue(store.get(bob.fingerprint()).isEmpty(), "a stranger is not remembered before the user deals with it");
        a.engine.send(bob.fingerprint(), "hi");
        KnownPeer saved = store.get(bob.fingerprint()).orElseThrow();
        assertArrayEquals(bob.publicKey(), saved.publicKey());
        assertEquals("bob", saved.nickname());
        assertEquals(clock.instant(), saved.firstSeen());
        assertEquals(clock.instant(), saved.lastSeen());
        assertFalse(saved.verified());

        // Reconnecting in the same run: still NEW (first seen this run).
        a.engine.sessionDown(first, "gone");
        FakeSession again = FakeSession.of(bob);
        a.engine.sessionUp(again);
        assertEquals(Trust.NEW, a.engine.peer(bob.fingerprint()).orElseThrow().trust());

        clock.advance(Duration.ofHours(1));
        Node next = Node.started(alice, store, clock);
        PeerInfo restored = next.engine.peer(bob.fingerprint()).orElseThrow();
        assertEquals(Trust.KNOWN, restored.trust());
        assertEquals(PeerState.OFFLINE, restored.state());
        assertEquals("bob", restored.nickname());
        next.engine.sessionUp(FakeSession.of(bob));
        assertEquals(Trust.KNOWN, next.engine.peer(bob.fingerprint()).orElseThrow().trust());
        KnownPeer updated = store.get(bob.fingerprint()).orElseThrow();
        assertEquals(saved.firstSeen(), updated.firstSeen());
        assertEquals(clock.instant(), updated.lastSeen());
    }

    @Test
    void aNewKeyUnderAKnownNicknameIsShownApartAndRefusedUntilTrusted() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore(known(bob, Instant.EPOCH, false));
        Node a = Node.started(alice, store, new MutableClock());
        int saves = store.saves();
        FakeSession s = FakeSession.of(impostor);
        a.engine.sessionUp(s);

        PeerInfo p = a.engine.peer(impostor.fingerprint()).orElseThrow();
        assertEquals(Trust.CHANGED, p.trust());
        assertEquals(bob.fingerprint(), p.conflictsWith());
        assertEquals(PeerState.ONLINE, p.state());
        assertTrue(store.get(impostor.fingerprint()).isEmpty(), "a changed key is not remembered");
        assertEquals(saves, store.saves());
        PeerInfo real = a.engine.peer(bob.fingerprint()).orElseThrow();
        assertEquals(Trust.KNOWN, real.trust());
        assertEquals(PeerState.OFFLINE, real.state(), "the known peer keeps its own entry");

        List<Warning> w = a.events.warnings("key-changed");
        assertEquals(1, w.size());
        assertEquals(bob.fingerprint(), w.get(0).peer());
        assertEquals(bob.fingerprint(), w.get(0).details().get("known_fingerprint"));
        assertEquals(impostor.fingerprint(), w.get(0).details().get("new_fingerprint"));
        assertEquals("bob", w.get(0).details().get("nick"));
        assertTrue(w.get(0).message().contains(bob.fingerprint()));
        assertTrue(w.get(0).message().contains(impostor.fingerprint()));

        ChatException e = assertThrows(ChatException.class, () -> a.engine.send(impostor.fingerprint(), "hi"));
        assertEquals("untrusted", e.code());
        assertEquals(bob.fingerprint(), a.engine.resolve("bob").fingerprint(), "the name still means the known peer");
        ChatMessage toBob = a.engine.send(a.engine.resolve("bob").fingerprint(), "for the real bob");
        assertEquals(MessageStatus.QUEUED, toBob.status());
        assertTrue(s.sent(ChatRecord.Text.class).isEmpty(), "nothing meant for bob reaches the newcomer");
        a.engine.typing(impostor.fingerprint());
        assertTrue(s.sent(ChatRecord.Typing.class).isEmpty());

        a.engine.trust(impostor.fingerprint());
        PeerInfo accepted = a.engine.peer(impostor.fingerprint()).orElseThrow();
        assertEquals(Trust.KNOWN, accepted.trust());
        assertNull(accepted.conflictsWith());
        assertTrue(store.get(impostor.fingerprint()).isPresent());
        assertTrue(store.get(bob.fingerprint()).isEmpty(), "the old key is retired");
        assertTrue(a.engine.peer(bob.fingerprint()).isEmpty());
        assertEquals(MessageStatus.SENT, a.engine.send(impostor.fingerprint(), "hi").status());
        assertEquals(impostor.fingerprint(), a.engine.resolve("bob").fingerprint(), "bob means the accepted key now");
    }

    @Test
    void theChangedKeyWarningComesOncePerRun() throws Exception {
        Node a = Node.started(alice, new MemoryTrustStore(known(bob, Instant.EPOCH, false)), new MutableClock());
        FakeSession s1 = FakeSession.of(impostor);
        a.engine.sessionUp(s1);
        a.engine.sessionDown(s1, "gone");
        a.engine.sessionUp(FakeSession.of(impostor));
        assertEquals(1, a.events.warnings("key-changed").size());
        assertEquals(Trust.CHANGED, a.engine.peer(impostor.fingerprint()).orElseThrow().trust());
    }

    @Test
    void nicknamesCompareWithoutCaseWidthOrInvisibleCharacters() throws Exception {
        for (String disguise : List.of("BOB", "ｂｏｂ", "b\u200Bob", " bob ")) {
            Node a = Node.started(alice, new MemoryTrustStore(known(bob, Instant.EPOCH, false)), new MutableClock());
            TestPeer fake = TestPeer.keyed(disguise, "other " + disguise);
            a.engine.sessionUp(FakeSession.of(fake));
            assertEquals(Trust.CHANGED, a.engine.peer(fake.fingerprint()).orElseThrow().trust(), disguise);
        }
    }

    @Test
    void trustOnANonChangedPeerDoesNothingAndUnprovenKeysCannotBeTrusted() throws Exception {
        Node a = Node.started(alice, new MemoryTrustStore(known(bob, Instant.EPOCH, false)), new MutableClock());
        a.engine.sessionUp(FakeSession.of(TestPeer.named("carol")));
        assertEquals("not-changed", assertThrows(ChatException.class,
                () -> a.engine.trust(TestPeer.named("carol").fingerprint())).code());
        assertEquals("not-changed", assertThrows(ChatException.class, () -> a.engine.trust(bob.fingerprint())).code());
        assertEquals(Trust.NEW, a.engine.peer(TestPeer.named("carol").fingerprint()).orElseThrow().trust());

        // Announced only, claiming bob's nickname: shown apart already, but nothing proves its key yet.
        a.engine.found(new DiscoveredPeer(impostor.fingerprint(), "bob",
                List.of(new InetSocketAddress("10.77.0.9", 7447)), 1, 1, false));
        assertEquals(Trust.CHANGED, a.engine.peer(impostor.fingerprint()).orElseThrow().trust());
        assertEquals("no-key", assertThrows(ChatException.class, () -> a.engine.trust(impostor.fingerprint())).code());
        assertEquals("unknown-peer", assertThrows(ChatException.class,
                () -> a.engine.trust(TestPeer.named("nobody").fingerprint())).code());
    }

    @Test
    void safetyNumbersMatchOnBothSidesAndConfirmingVerifiesForGood() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, store, clock);
        Node b = Node.started(bob);
        new PipedPair(a, b).connect();

        String fromA = a.engine.safetyNumber(bob.fingerprint());
        assertEquals(Node.FAKE_SAFETY_NUMBERS.apply(alice.publicKey(), bob.publicKey()), fromA);
        assertEquals(fromA, b.engine.safetyNumber(alice.fingerprint()));

        a.engine.markVerified(bob.fingerprint());
        assertEquals(Trust.VERIFIED, a.engine.peer(bob.fingerprint()).orElseThrow().trust());
        assertTrue(store.get(bob.fingerprint()).orElseThrow().verified());
        Node next = Node.started(alice, store, clock);
        assertEquals(Trust.VERIFIED, next.engine.peer(bob.fingerprint()).orElseThrow().trust());
        next.engine.sessionUp(FakeSession.of(bob));
        assertEquals(Trust.VERIFIED, next.engine.peer(bob.fingerprint()).orElseThrow().trust());
    }

    @Test
    void safetyNumbersNeedAProvenKey() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(new DiscoveredPeer(bob.fingerprint(), "bob", List.of(), 1, 1, false));
        assertEquals("no-key", assertThrows(ChatException.class, () -> a.engine.safetyNumber(bob.fingerprint())).code());
        assertEquals("unknown-peer", assertThrows(ChatException.class,
                () -> a.engine.safetyNumber(TestPeer.named("x").fingerprint())).code());
    }

    @Test
    void aRememberedKeyGivesASafetyNumberWhileOffline() throws Exception {
        Node a = Node.started(alice, new MemoryTrustStore(known(bob, Instant.EPOCH, false)), new MutableClock());
        assertEquals(Node.FAKE_SAFETY_NUMBERS.apply(alice.publicKey(), bob.publicKey()),
                a.engine.safetyNumber(bob.fingerprint()));
    }

    @Test
    void verifyingAChangedPeerAcceptsIt() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore(known(bob, Instant.EPOCH, false));
        Node a = Node.started(alice, store, new MutableClock());
        a.engine.sessionUp(FakeSession.of(impostor));
        assertEquals("not-compared", assertThrows(ChatException.class,
                () -> a.engine.markVerified(impostor.fingerprint())).code(), "confirming a number never shown");
        a.engine.safetyNumber(impostor.fingerprint());
        a.engine.markVerified(impostor.fingerprint());
        assertEquals(Trust.VERIFIED, a.engine.peer(impostor.fingerprint()).orElseThrow().trust());
        assertTrue(store.get(impostor.fingerprint()).orElseThrow().verified());
    }

    @Test
    void aKnownPeerRenamingItselfIntoAnotherKnownPeersNicknameIsFlagged() throws Exception {
        TestPeer carol = TestPeer.named("carol");
        MemoryTrustStore store = new MemoryTrustStore(known(bob, Instant.EPOCH, false), known(carol, Instant.EPOCH, false));
        Node a = Node.started(alice, store, new MutableClock());
        FakeSession s = FakeSession.of(carol);
        a.engine.sessionUp(s);
        a.engine.received(s, new ChatRecord.NickChange("Bob"));

        PeerInfo c = a.engine.peer(carol.fingerprint()).orElseThrow();
        assertEquals(bob.fingerprint(), c.conflictsWith());
        assertEquals(Trust.KNOWN, c.trust(), "its own key did not change");
        assertEquals("carol", store.get(carol.fingerprint()).orElseThrow().nickname(), "the claim is not remembered");
        Warning w = a.events.warnings("nick-conflict").get(0);
        assertEquals(carol.fingerprint(), w.peer());
        assertEquals(bob.fingerprint(), w.details().get("known_fingerprint"));
        assertEquals(bob.fingerprint(), a.engine.resolve("bob").fingerprint());

        a.engine.received(s, new ChatRecord.NickChange("caroline"));
        assertNull(a.engine.peer(carol.fingerprint()).orElseThrow().conflictsWith());
        a.clock.advance(Duration.ofMillis(KnownPeers.MINOR_SAVE_MILLIS));
        a.engine.tick();
        assertEquals("caroline", store.get(carol.fingerprint()).orElseThrow().nickname());
    }

    @Test
    void aHandshakeNicknameClaimingAnotherKnownPeerIsFlaggedToo() throws Exception {
        TestPeer carol = TestPeer.named("carol");
        MemoryTrustStore store = new MemoryTrustStore(known(bob, Instant.EPOCH, false), known(carol, Instant.EPOCH, false));
        Node a = Node.started(alice, store, new MutableClock());
        a.engine.sessionUp(new FakeSession(carol.fingerprint(), carol.publicKey(), "bob", null, false, 0));
        assertEquals(bob.fingerprint(), a.engine.peer(carol.fingerprint()).orElseThrow().conflictsWith());
        assertEquals(1, a.events.warnings("nick-conflict").size());
        assertEquals("carol", store.get(carol.fingerprint()).orElseThrow().nickname());
    }

    @Test
    void aFailingTrustStoreIsReportedAndTheDecisionHoldsForThisRun() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        Node a = Node.started(alice, store, new MutableClock());
        store.failing(true);
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(MessageStatus.SENT, a.engine.send(bob.fingerprint(), "hi").status());
        assertEquals(1, a.events.warnings("trust-store").size());
        assertEquals(Trust.NEW, a.engine.peer(bob.fingerprint()).orElseThrow().trust());
    }

    @Test
    void handshakeNicknamesAreSanitisedAndBounded() throws Exception {
        Node a = Node.started(alice);
        TestPeer evil = TestPeer.keyed("x", "evil");
        a.engine.sessionUp(new FakeSession(evil.fingerprint(), evil.publicKey(), "\u001b[31mmal\u202elory\u0007",
                null, false, 0));
        assertEquals("mallory", a.engine.peer(evil.fingerprint()).orElseThrow().nickname());

        TestPeer blank = TestPeer.keyed("y", "blank");
        a.engine.sessionUp(new FakeSession(blank.fingerprint(), blank.publicKey(), "\u0000\u001b[0m", null, false, 0));
        assertEquals(blank.body().substring(0, 8), a.engine.peer(blank.fingerprint()).orElseThrow().nickname());

        TestPeer longName = TestPeer.keyed("z", "long");
        a.engine.sessionUp(new FakeSession(longName.fingerprint(), longName.publicKey(), "é".repeat(100), null, false, 0));
        assertEquals("é".repeat(32), a.engine.peer(longName.fingerprint()).orElseThrow().nickname());
    }

    @Test
    void aSessionClaimingOurOwnFingerprintIsIgnored() throws Exception {
        Node a = Node.started(alice);
        a.engine.sessionUp(FakeSession.of(alice));
        assertTrue(a.engine.peers().isEmpty());
    }

    /**
     * The standing the network asks for at its bound on sessions (issue 13 item 1): a stranger that only
     * proved a key stays a stranger, so a flood of free identities ranks below everyone the user dealt with.
     */
    @Test
    void aPeersStandingFollowsWhatTheUserDidWithIt() throws Exception {
        Node a = Node.started(alice, new MemoryTrustStore(), new MutableClock());
        assertEquals(Standing.STRANGER, a.engine.standing(bob.fingerprint()), "never seen");
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(Standing.STRANGER, a.engine.standing(bob.fingerprint()), "a proven key is not a reason");
        a.engine.send(bob.fingerprint(), "hi");
        assertEquals(Standing.KNOWN, a.engine.standing(bob.fingerprint()));
        a.engine.safetyNumber(bob.fingerprint());
        a.engine.markVerified(bob.fingerprint());
        assertEquals(Standing.VERIFIED, a.engine.standing(bob.fingerprint()));
        a.engine.ignore(bob.fingerprint(), true);
        assertEquals(Standing.IGNORED, a.engine.standing(bob.fingerprint()));
        assertEquals(Standing.STRANGER, a.engine.standing(impostor.fingerprint()), "bob's nickname is no standing");
    }
}
