package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A failure in what the acceptor does after registering a session (here its handshake-ended hook throws)
 * must not leave the session registered without a reader: it is run all the same (reviewer item 3).
 */
class AcceptorHookFailureTest {
    @Test
    void aThrowingHandshakeEndedHookStillRunsTheRegisteredSession() throws Exception {
        ExecutorService io = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hook-io");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<String> ours = new LinkedBlockingQueue<>();
        SessionListener listener = new SessionListener() {
            @Override public void sessionUp(Session s) { ours.add("up"); }
            @Override public void received(Session s, ChatRecord r) { ours.add("received"); }
            @Override public void sessionDown(Session s, String reason) { ours.add("down"); }
        };
        KeyPair identity = Ed25519.generate(new SecureRandom());
        byte[] pk = Ed25519.rawPublic(identity.getPublic());
        LocalParty party = new LocalParty(identity, pk, null, 1, 1, () -> "hooked", Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        NetSettings defaults = NetSettings.defaults(party, 0);
        NetSettings settings = defaults.withBindAddress(InetAddress.getLoopbackAddress())
                .withTimeouts(Duration.ofSeconds(TestPeer.DEADLINE_SECONDS), defaults.pingAfter(), defaults.deadAfter());
        AtomicInteger hookCalls = new AtomicInteger();
        SessionRegistry.Observer observer = new SessionRegistry.Observer() {
            @Override public void sessionUp(String fingerprint) { }
            @Override public void sessionEnded(String fingerprint, boolean peerSaidGoodbye) { }
        };
        SessionRegistry registry = new SessionRegistry(pk, listener, observer, settings.maxSessions());
        Acceptor acceptor = new Acceptor(settings, new Handshaker(settings, Clock.systemUTC(), io), registry,
                listener::received, from -> {
                    hookCalls.incrementAndGet();
                    throw new IllegalStateException("the hook failed");
                }, io, new FailureLog(org.slf4j.LoggerFactory.getLogger(getClass()), Clock.systemUTC(), 20),
                new AtomicInteger(), new NetworkKeyHints(listener, Clock.systemUTC()));
        acceptor.start();
        try (TestPeer them = new TestPeer("them")) {
            them.network.dial(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), acceptor.port()));
            them.await("up");
            assertEquals("up", ours.poll(TestPeer.DEADLINE_SECONDS, TimeUnit.SECONDS),
                    "the registered session was never run (no reader, never reported up)");
            assertEquals(1, hookCalls.get());
            assertTrue(registry.isLive(them.fingerprint));
            Session s = them.network.sessions().get(0);
            assertTrue(s.send(new ChatRecord.NickChange("x")), "sent");
            assertNotNull(ours.poll(TestPeer.DEADLINE_SECONDS, TimeUnit.SECONDS), "read by the session's reader");
        } finally {
            acceptor.close();
            io.shutdownNow();
        }
    }
}
