package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Discovery and sessions moving peers between states; manual peers; network warnings. */
class PeerStateTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private final InetSocketAddress bobAddress = new InetSocketAddress("10.77.0.2", 7447);

    private DiscoveredPeer announced(TestPeer p, InetSocketAddress... addresses) {
        return new DiscoveredPeer(p.fingerprint(), p.nickname(), List.of(addresses), 1, 1, false);
    }

    @Test
    void discoveredConnectingOnlineOfflineLost() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob, bobAddress));
        assertEquals(List.of(new FakeNetwork.Want(bob.fingerprint(), List.of(bobAddress))), a.network.wants());
        FakeSession s = new FakeSession(bob, bobAddress, true, 0);
        a.engine.sessionUp(s);
        a.engine.sessionDown(s, "reset");
        a.engine.lost(bob.fingerprint());
        assertEquals(List.of(PeerState.DISCOVERED, PeerState.CONNECTING, PeerState.ONLINE, PeerState.OFFLINE,
                PeerState.LOST), a.events.states(bob.fingerprint()));
        assertEquals(List.of(bob.fingerprint()), a.network.forgets());
    }

    @Test
    void aPeerThatDialledUsIsShownAtItsAnnouncedAddressNotItsPassingPort() throws Exception {
        Node a = Node.started(alice);
        InetSocketAddress passing = new InetSocketAddress("10.77.0.2", 51234);
        a.engine.sessionUp(new FakeSession(bob, passing, false, 0));
        assertEquals(List.of(passing), a.engine.peer(bob.fingerprint()).orElseThrow().addresses()); // all we know
        a.engine.found(announced(bob, bobAddress));
        assertEquals(List.of(bobAddress), a.engine.peer(bob.fingerprint()).orElseThrow().addresses());
    }

    @Test
    void aPeerWeDialledIsShownAtTheAddressThatAnsweredFirst() throws Exception {
        Node a = Node.started(alice);
        InetSocketAddress other = new InetSocketAddress("192.168.1.2", 7447);
        a.engine.found(announced(bob, other, bobAddress));
        a.engine.sessionUp(new FakeSession(bob, bobAddress, true, 0));
        assertEquals(List.of(bobAddress, other), a.engine.peer(bob.fingerprint()).orElseThrow().addresses());
    }

    @Test
    void aPeerLostByDiscoveryWhileItsSessionIsUpStaysOnlineThenGoesOfflineAndLost() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob, bobAddress));
        FakeSession s = new FakeSession(bob, bobAddress, true, 0);
        a.engine.sessionUp(s);
        a.engine.lost(bob.fingerprint());
        assertEquals(PeerState.ONLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        assertEquals(List.of(bob.fingerprint()), a.network.forgets());
        a.engine.sessionDown(s, "reset");
        assertEquals(List.of(PeerState.DISCOVERED, PeerState.CONNECTING, PeerState.ONLINE, PeerState.OFFLINE,
                PeerState.LOST), a.events.states(bob.fingerprint()).stream().distinct().toList());
        assertEquals(PeerState.LOST, a.engine.peer(bob.fingerprint()).orElseThrow().state());
    }

    @Test
    void aSessionEndingWhileStillDiscoveredLeavesThePeerOfflineUntilItReturns() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob, bobAddress));
        FakeSession s = FakeSession.of(bob);
        a.engine.sessionUp(s);
        a.engine.sessionDown(s, "reset");
        assertEquals(PeerState.OFFLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        a.engine.found(announced(bob, bobAddress)); // JmDNS repeats itself
        assertEquals(PeerState.OFFLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        a.engine.sessionUp(FakeSession.of(bob));
        assertEquals(PeerState.ONLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
    }

    @Test
    void aPeerComingBackAfterLostIsDiscoveredAgain() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob, bobAddress));
        a.engine.lost(bob.fingerprint());
        a.engine.found(announced(bob, bobAddress));
        assertEquals(List.of(PeerState.DISCOVERED, PeerState.CONNECTING, PeerState.LOST, PeerState.DISCOVERED,
                PeerState.CONNECTING), a.events.states(bob.fingerprint()));
        assertEquals(2, a.network.wants().size());
    }

    @Test
    void repeatedAnnouncementsDoNotRedialOrRepeatEvents() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob, bobAddress));
        a.engine.found(announced(bob, bobAddress));
        assertEquals(1, a.network.wants().size());
        assertEquals(2, a.events.states(bob.fingerprint()).size());
        InetSocketAddress second = new InetSocketAddress("10.78.0.2", 7447);
        a.engine.found(announced(bob, bobAddress, second));
        assertEquals(List.of(bobAddress, second), a.network.wants().get(1).addresses());
        assertEquals(List.of(bobAddress, second), a.engine.peer(bob.fingerprint()).orElseThrow().addresses());
    }

    @Test
    void ourOwnAnnouncementIsIgnored() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(alice, bobAddress));
        assertTrue(a.network.wants().isEmpty());
        assertTrue(a.engine.peers().isEmpty());
    }

    @Test
    void anInboundSessionFromAStrangerEndsLost() throws Exception {
        Node a = Node.started(alice);
        FakeSession s = FakeSession.of(bob);
        a.engine.sessionUp(s);
        a.engine.sessionDown(s, "bye");
        assertEquals(List.of(PeerState.ONLINE, PeerState.OFFLINE, PeerState.LOST), a.events.states(bob.fingerprint()));
    }

    @Test
    void theDownOfAReplacedSessionIsIgnored() throws Exception {
        Node a = Node.started(alice);
        FakeSession old = FakeSession.of(bob);
        FakeSession fresh = FakeSession.of(bob);
        a.engine.sessionUp(old);
        a.engine.sessionUp(fresh);
        a.engine.sessionDown(old, "lost the tie-break");
        assertEquals(PeerState.ONLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        assertEquals(MessageStatus.SENT, a.engine.send(bob.fingerprint(), "x").status());
        assertEquals(1, fresh.sent(ChatRecord.Text.class).size());
    }

    @Test
    void connectDialsAndRemembersTheAddressOnceAPeerAnswers() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        MutableClock clock = new MutableClock();
        Node a = Node.started(alice, store, clock);
        a.engine.connect("10.77.0.2");
        assertEquals(List.of(bobAddress), a.network.dials());
        a.engine.sessionUp(new FakeSession(bob, new InetSocketAddress("10.77.0.2", 7447), true, 0));
        assertEquals(List.of("10.77.0.2:7447"), store.get(bob.fingerprint()).orElseThrow().addresses());
        assertTrue(a.network.wants().contains(new FakeNetwork.Want(bob.fingerprint(), List.of(bobAddress))),
                "kept for redial during this run");

        Node next = Node.started(alice, store, clock);
        assertEquals(List.of(new FakeNetwork.Want(bob.fingerprint(), List.of(bobAddress))), next.network.wants());
        assertEquals(PeerState.CONNECTING, next.engine.peer(bob.fingerprint()).orElseThrow().state());
    }

    @Test
    void aRememberedManualPeerIsNotForgottenWhenDiscoveryLosesIt() throws Exception {
        KnownPeer k = new KnownPeer(bob.fingerprint(), bob.publicKey(), "bob", Instant.EPOCH, Instant.EPOCH, false,
                List.of("10.99.0.2:7500"));
        Node a = Node.started(alice, new MemoryTrustStore(k), new MutableClock());
        a.engine.found(announced(bob, bobAddress));
        a.engine.lost(bob.fingerprint());
        assertTrue(a.network.forgets().isEmpty());
        InetSocketAddress manual = new InetSocketAddress("10.99.0.2", 7500);
        assertEquals(List.of(manual), a.network.wants().get(a.network.wants().size() - 1).addresses());
        assertEquals(PeerState.CONNECTING, a.engine.peer(bob.fingerprint()).orElseThrow().state());
    }

    @Test
    void onlyOutboundSessionsFromTheDialledAddressCountAsManual() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        Node a = Node.started(alice, store, new MutableClock());
        a.engine.connect("10.77.0.2:7447");
        a.engine.sessionUp(new FakeSession(bob, bobAddress, false, 0)); // bob dialled us meanwhile
        a.engine.sessionUp(new FakeSession(TestPeer.named("carol"), new InetSocketAddress("10.77.0.3", 7447), true, 0));
        assertTrue(store.get(bob.fingerprint()).isEmpty(), "not dialled by the user: not remembered");
        assertTrue(store.get(TestPeer.named("carol").fingerprint()).isEmpty());
    }

    @Test
    void aDialledHostNameMatchesByName() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        Node a = Node.started(alice, store, new MutableClock());
        a.engine.connect("bob.lan:7500");
        assertTrue(a.network.dials().get(0).isUnresolved());
        a.engine.sessionUp(new FakeSession(bob, InetSocketAddress.createUnresolved("bob.lan", 7500), true, 0));
        assertEquals(List.of("bob.lan:7500"), store.get(bob.fingerprint()).orElseThrow().addresses());
    }

    @Test
    void badAddressesAreRefused() throws Exception {
        Node a = Node.started(alice);
        assertEquals("bad-address", assertThrows(ChatException.class, () -> a.engine.connect("host:99999")).code());
        assertTrue(a.network.dials().isEmpty());
    }

    @Test
    void aFailedDialIsAWarning() throws Exception {
        Node a = Node.started(alice);
        a.engine.connect("10.77.0.2");
        a.engine.dialFailed(bobAddress, "connection refused");
        Warning w = a.events.warnings("dial-failed").get(0);
        assertNull(w.peer());
        assertEquals("10.77.0.2:7447", w.details().get("address"));
        assertTrue(w.message().contains("connection refused"));
        // once the dial is abandoned (its last attempt failed), a later outbound session from there is not
        // remembered as manual; before, it is (see DialRetryTest)
        a.engine.dialAbandoned(bobAddress);
        MemoryTrustStore store = a.store;
        a.engine.sessionUp(new FakeSession(bob, bobAddress, true, 0));
        assertTrue(store.get(bob.fingerprint()).isEmpty());
    }

    @Test
    void aSpoofIsAWarningNamingBothFingerprintsAndTheAddress() throws Exception {
        Node a = Node.started(alice);
        TestPeer mallory = TestPeer.named("mallory");
        a.engine.spoofDetected(bob.fingerprint(), mallory.fingerprint(), bobAddress);
        Warning w = a.events.warnings("spoof").get(0);
        assertEquals(bob.fingerprint(), w.peer());
        assertTrue(w.message().contains(bob.fingerprint()) && w.message().contains(mallory.fingerprint()));
        assertEquals(mallory.fingerprint(), w.details().get("proven_fingerprint"));
        assertEquals("10.77.0.2:7447", w.details().get("address"));
    }

    @Test
    void aLargeClockOffsetIsAWarning() throws Exception {
        Node a = Node.started(alice);
        a.engine.sessionUp(new FakeSession(bob, bobAddress, true, -120_000));
        assertEquals("-120000", a.events.warnings("clock-skew").get(0).details().get("offset_ms"));
        a.engine.sessionUp(new FakeSession(TestPeer.named("carol"), bobAddress, true, 30_000));
        assertEquals(1, a.events.warnings("clock-skew").size());
    }

    @Test
    void knownPeersAppearOfflineAtStartAndUnprovenNicknamesFollowAnnouncements() throws Exception {
        KnownPeer k = new KnownPeer(bob.fingerprint(), bob.publicKey(), "bob", Instant.EPOCH, Instant.EPOCH, false,
                List.of());
        Node a = Node.started(alice, new MemoryTrustStore(k), new MutableClock());
        assertEquals(PeerState.OFFLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        assertTrue(a.network.wants().isEmpty());
        a.engine.found(new DiscoveredPeer(bob.fingerprint(), "robert", List.of(bobAddress), 1, 1, false));
        assertEquals("bob", a.engine.peer(bob.fingerprint()).orElseThrow().nickname(), "a claim does not rename");
        TestPeer carol = TestPeer.named("carol");
        a.engine.found(new DiscoveredPeer(carol.fingerprint(), "\u001b[1mcarol", List.of(), 1, 1, false));
        assertEquals("carol", a.engine.peer(carol.fingerprint()).orElseThrow().nickname());
    }
}
