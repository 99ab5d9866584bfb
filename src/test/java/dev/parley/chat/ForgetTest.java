package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.KnownPeer;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which lost peers the engine forgets (peerRemoved) and which it keeps. */
class ForgetTest {
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private final InetSocketAddress address = new InetSocketAddress("10.77.0.2", 7447);

    private DiscoveredPeer announced(TestPeer p) {
        return new DiscoveredPeer(p.fingerprint(), p.nickname(), List.of(address), 1, 1, false);
    }

    @Test
    void anAnnouncedPeerWeNeverTalkedToIsForgottenWhenLost() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob));
        a.engine.lost(bob.fingerprint());
        assertTrue(a.engine.peer(bob.fingerprint()).isEmpty());
        assertEquals(List.of(), a.engine.peers());
        List<Object> events = a.events.all();
        assertEquals(PeerState.LOST, ((PeerInfo) events.get(events.size() - 2)).state(), "shown lost, then removed");
        assertEquals(new RecordingListener.Removed(bob.fingerprint()), events.get(events.size() - 1));
        assertEquals(List.of(bob.fingerprint()), a.network.forgets(), "no redial left behind");
    }

    @Test
    void announcementsThatComeAndGoLeaveNothingBehind() throws Exception {
        Node a = Node.started(alice);
        for (int i = 0; i < 5000; i++) {
            TestPeer fake = TestPeer.named("fake " + i);
            a.engine.found(announced(fake));
            a.engine.lost(fake.fingerprint());
            assertTrue(a.engine.peers().isEmpty(), "after fake " + i);
        }
        assertEquals(5000, a.events.of(RecordingListener.Removed.class).size());
    }

    @Test
    void aPeerInTheTrustStoreIsKept() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob));
        FakeSession s = FakeSession.of(bob); // trust on first use remembers it
        a.engine.sessionUp(s);
        a.engine.sessionDown(s, "gone");
        a.engine.lost(bob.fingerprint());
        assertEquals(PeerState.LOST, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        assertEquals(List.of(), a.events.of(RecordingListener.Removed.class));
    }

    @Test
    void aPeerWithAMessageQueuedForItIsKept() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob));
        ChatMessage m = a.engine.send(bob.fingerprint(), "are you there?");
        assertEquals(MessageStatus.QUEUED, m.status());
        a.engine.lost(bob.fingerprint());
        assertEquals(PeerState.LOST, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        assertEquals(List.of(m), a.engine.undelivered());
    }

    @Test
    void aPeerThatProvedAKeyIsKeptEvenUnremembered() throws Exception {
        KnownPeer known = new KnownPeer(bob.fingerprint(), bob.publicKey(), "bob", Instant.EPOCH, Instant.EPOCH,
                false, List.of());
        Node a = Node.started(alice, new MemoryTrustStore(known), new MutableClock());
        TestPeer impostor = TestPeer.keyed("bob", "impostor");
        a.engine.found(announced(impostor));
        FakeSession s = FakeSession.of(impostor);
        a.engine.sessionUp(s);
        assertEquals(Trust.CHANGED, a.engine.peer(impostor.fingerprint()).orElseThrow().trust());
        assertTrue(a.store.get(impostor.fingerprint()).isEmpty(), "not remembered");
        a.engine.sessionDown(s, "gone");
        a.engine.lost(impostor.fingerprint());
        assertEquals(PeerState.LOST, a.engine.peer(impostor.fingerprint()).orElseThrow().state());
        a.engine.trust(impostor.fingerprint()); // the decision it waits for can still be made
        assertEquals(Trust.KNOWN, a.engine.peer(impostor.fingerprint()).orElseThrow().trust());
        assertEquals(List.of(new RecordingListener.Removed(bob.fingerprint())),
                a.events.of(RecordingListener.Removed.class), "only the retired old key goes");
    }

    @Test
    void aPeerStillOnlineOrStillWantedIsNeverForgotten() throws Exception {
        Node a = Node.started(alice);
        a.engine.found(announced(bob));
        a.engine.sessionUp(FakeSession.of(bob));
        a.engine.lost(bob.fingerprint());
        assertEquals(PeerState.ONLINE, a.engine.peer(bob.fingerprint()).orElseThrow().state());
        TestPeer carol = TestPeer.named("carol");
        a.engine.connect("10.77.0.3");
        a.engine.sessionUp(new FakeSession(carol, new InetSocketAddress("10.77.0.3", 7447), true, 0));
        a.engine.found(announced(carol));
        a.engine.lost(carol.fingerprint());
        assertEquals(PeerState.ONLINE, a.engine.peer(carol.fingerprint()).orElseThrow().state());
        assertEquals(List.of(), a.events.of(RecordingListener.Removed.class));
    }
}
