package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.LockCheck;
import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine calls nothing outside its package holding a lock: every listener call, session flush,
 * network call and trust-store save is checked against the locks the calling thread holds (as the JVM
 * reports them), over a run through every kind of event. Before the event queue, every one of these
 * was made under the engine's lock.
 */
class EngineLocksTest {
    private final LockCheck locks = new LockCheck();
    private final TestPeer alice = TestPeer.named("alice");
    private final TestPeer bob = TestPeer.named("bob");
    private final TestPeer mallory = TestPeer.keyed("bobby", "mallory");

    @Test
    void noCallLeavesTheEngineHoldingALock() throws Exception {
        MemoryTrustStore memory = new MemoryTrustStore();
        TrustStore store = new TrustStore() {
            @Override
            public List<KnownPeer> load() throws IOException {
                locks.check("TrustStore.load");
                return memory.load();
            }

            @Override
            public void save(List<KnownPeer> all) throws IOException {
                locks.check("TrustStore.save");
                memory.save(all);
            }
        };
        Network network = new Network() {
            @Override
            public void want(String fp, List<InetSocketAddress> addresses) {
                locks.check("Network.want");
            }

            @Override
            public void forget(String fp) {
                locks.check("Network.forget");
            }

            @Override
            public void dial(InetSocketAddress address) {
                locks.check("Network.dial");
            }
        };
        ChatEngine engine = new ChatEngine(alice.fingerprint(), alice.publicKey(), "alice", network, store,
                Node.FAKE_SAFETY_NUMBERS, new MutableClock(), new SecureRandom());
        RecordingListener seen = new RecordingListener();
        engine.addListener(new CheckingListener(locks, seen));
        engine.acknowledgeWhenHandedOver();
        engine.start();

        engine.found(new DiscoveredPeer(bob.fingerprint(), "bob", List.of(new InetSocketAddress("10.77.0.2", 7447)), 1, 1, false));
        FakeSession s = new FakeSession(bob, new InetSocketAddress("10.77.0.2", 7447), true, 0)
                .onFlush(() -> locks.check("Session.flush"));
        engine.sessionUp(s);
        ChatMessage out = engine.send(bob.fingerprint(), "hello");
        engine.received(s, new ChatRecord.Ack(out.id()));
        engine.received(s, new ChatRecord.Text("0123456789abcdef0123456789abcdef", 0, "hi"));
        engine.handedOver(seen.received());
        engine.received(s, new ChatRecord.NickChange("bobby"));
        engine.received(s, new ChatRecord.PresenceChange(Presence.AWAY));
        engine.received(s, new ChatRecord.Typing(true));
        engine.typing(bob.fingerprint());
        engine.setNickname("alicia");
        engine.setPresence(Presence.AWAY);
        engine.safetyNumber(bob.fingerprint());
        engine.markVerified(bob.fingerprint());
        engine.unverify(bob.fingerprint());
        engine.cancel(bob.fingerprint());
        engine.tick();
        engine.connect("10.77.0.9:7447");
        engine.dialFailed(new InetSocketAddress("10.77.0.9", 7447), "refused");
        engine.spoofDetected(bob.fingerprint(), mallory.fingerprint(), new InetSocketAddress("10.77.0.3", 7447));
        engine.ignore(bob.fingerprint(), true);
        engine.ignore(bob.fingerprint(), false);
        engine.sessionDown(s, "gone");
        engine.lost(bob.fingerprint());
        FakeSession m = FakeSession.of(mallory).onFlush(() -> locks.check("Session.flush"));
        engine.sessionUp(m); // claims known peer bob's nickname with another key
        engine.trust(mallory.fingerprint()); // retires bob's key: moves, forgets, saves
        memory.failing(true);
        engine.send(mallory.fingerprint(), "a message that makes no save, then a save that fails");
        engine.ignore(mallory.fingerprint(), true);
        engine.forget(mallory.fingerprint());
        engine.flushSaves();

        assertEquals(List.of(), locks.violations());
        assertTrue(seen.received().size() == 1 && !seen.of(Warning.class).isEmpty(), "the run saw its events");
        assertTrue(s.flushes() > 0, "sessions were flushed");
    }

    /** Checks, then records. */
    private record CheckingListener(LockCheck locks, RecordingListener next) implements ChatListener {
        @Override
        public void peerChanged(PeerInfo peer) {
            locks.check("peerChanged");
            next.peerChanged(peer);
        }

        @Override
        public void messageReceived(ChatMessage message) {
            locks.check("messageReceived");
            next.messageReceived(message);
        }

        @Override
        public void messageStatusChanged(ChatMessage message) {
            locks.check("messageStatusChanged");
            next.messageStatusChanged(message);
        }

        @Override
        public void typing(String peer, boolean active) {
            locks.check("typing");
            next.typing(peer, active);
        }

        @Override
        public void nicknameChanged(String nick) {
            locks.check("nicknameChanged");
            next.nicknameChanged(nick);
        }

        @Override
        public void peerRemoved(String fingerprint) {
            locks.check("peerRemoved");
            next.peerRemoved(fingerprint);
        }

        @Override
        public void warning(Warning w) {
            locks.check("warning");
            next.warning(w);
        }
    }
}
