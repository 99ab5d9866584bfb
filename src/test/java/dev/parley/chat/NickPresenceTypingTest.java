package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Nickname changes, presence and the typing indicator between two engines. */
class NickPresenceTypingTest {
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
    void aNicknameChangeReachesConnectedPeersAndIsRemembered() throws Exception {
        b.engine.send(alice.fingerprint(), "hi"); // b talked to alice: remembered
        pair.pump();
        a.engine.setNickname("  alicia ");
        assertEquals("alicia", a.engine.ourNickname());
        assertEquals(List.of(new RecordingListener.NickEvent("alicia")), a.events.of(RecordingListener.NickEvent.class));
        pair.pump();
        PeerInfo seen = b.engine.peer(alice.fingerprint()).orElseThrow();
        assertEquals("alicia", seen.nickname());
        b.clock.advance(java.time.Duration.ofMillis(KnownPeers.MINOR_SAVE_MILLIS));
        b.engine.tick(); // a peer's own changes are saved at most every few seconds
        assertEquals("alicia", b.store.get(alice.fingerprint()).orElseThrow().nickname());
        assertEquals(alice.fingerprint(), b.engine.resolve("alicia").fingerprint());

        ChatMessage m = a.engine.send(bob.fingerprint(), "after");
        assertEquals("alicia", m.author());
        pair.pump();
        assertEquals("alicia", b.events.received().get(0).author());
    }

    @Test
    void badNicknamesAreRefused() throws Exception {
        assertEquals("bad-nickname", assertThrows(ChatException.class, () -> a.engine.setNickname("   ")).code());
        assertEquals("bad-nickname", assertThrows(ChatException.class,
                () -> a.engine.setNickname("\u001b[31m\u0007")).code());
        ChatException tooLong = assertThrows(ChatException.class,
                () -> a.engine.setNickname("x".repeat(ChatRecord.MAX_NICK_BYTES + 1)));
        assertEquals("bad-nickname", tooLong.code());
        assertTrue(tooLong.getMessage().contains("65"));
        a.engine.setNickname("x".repeat(ChatRecord.MAX_NICK_BYTES));
        assertEquals(ChatRecord.MAX_NICK_BYTES, a.engine.ourNickname().length());
        assertTrue(pair.ab.sent(ChatRecord.NickChange.class).size() == 1);
        assertThrows(IllegalArgumentException.class, () -> new Node(TestPeer.named(" "), new MemoryTrustStore(),
                new MutableClock()));
    }

    @Test
    void aReceivedNicknameIsSanitised() {
        b.engine.received(pair.ba, new ChatRecord.NickChange("\u001b]0;x\u0007ali\u202ece"));
        assertEquals("alice", b.engine.peer(alice.fingerprint()).orElseThrow().nickname());
    }

    @Test
    void presenceTravelsAndIsSentToPeersThatConnectLater() throws Exception {
        a.engine.setPresence(Presence.AWAY);
        pair.pump();
        assertEquals(Presence.AWAY, b.engine.peer(alice.fingerprint()).orElseThrow().presence());
        pair.cut();
        assertEquals(Presence.ONLINE, b.engine.peer(alice.fingerprint()).orElseThrow().presence());
        pair.connect();
        assertEquals(List.of(new ChatRecord.PresenceChange(Presence.AWAY)),
                pair.ab.sent(ChatRecord.PresenceChange.class));
        pair.pump();
        assertEquals(Presence.AWAY, b.engine.peer(alice.fingerprint()).orElseThrow().presence());
        a.engine.setPresence(Presence.ONLINE);
        pair.pump();
        assertEquals(Presence.ONLINE, b.engine.peer(alice.fingerprint()).orElseThrow().presence());
    }

    @Test
    void typingGoesOnTheWireAtMostOnceEveryThreeSeconds() {
        a.engine.typing(bob.fingerprint());
        a.clock.advance(Duration.ofMillis(1_000));
        a.engine.typing(bob.fingerprint());
        a.clock.advance(Duration.ofMillis(1_999));
        a.engine.typing(bob.fingerprint());
        assertEquals(1, pair.ab.sent(ChatRecord.Typing.class).size());
        a.clock.advance(Duration.ofMillis(1));
        a.engine.typing(bob.fingerprint());
        assertEquals(2, pair.ab.sent(ChatRecord.Typing.class).size());
        pair.pump();
        assertEquals(List.of(new RecordingListener.TypingEvent(alice.fingerprint(), true),
                new RecordingListener.TypingEvent(alice.fingerprint(), true)),
                b.events.of(RecordingListener.TypingEvent.class));
    }

    @Test
    void typingToAnOfflineOrUnknownPeerSendsNothing() {
        pair.cut();
        a.engine.typing(bob.fingerprint());
        a.engine.typing(TestPeer.named("nobody").fingerprint());
        assertTrue(pair.ab.sent(ChatRecord.Typing.class).isEmpty());
    }

    @Test
    void typingIsLimitedPerPeer() throws Exception {
        TestPeer carol = TestPeer.named("carol");
        FakeSession ac = FakeSession.of(carol);
        a.engine.sessionUp(ac);
        a.engine.typing(bob.fingerprint());
        a.engine.typing(carol.fingerprint());
        assertEquals(1, pair.ab.sent(ChatRecord.Typing.class).size());
        assertEquals(1, ac.sent(ChatRecord.Typing.class).size());
    }
}
