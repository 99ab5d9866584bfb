package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.crypto.Ed25519;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No listener call is made holding a lock: every callback checks the locks its thread holds (see
 * {@link TestPeer#lockViolations}), driven over real loopback sockets through a session's up, records both
 * ways, its replacement by a second connection dialled the other way, the downs of both, a dial
 * nobody answers and a spoof. A listener called under a lock can stall every other peer's keep-alive,
 * dialling and sessions, and deadlock with a listener that takes its own lock and then calls the
 * network.
 */
class ListenerLockTest {
    @Test
    void everyListenerCallIsMadeHoldingNoLock() throws Exception {
        KeyPair[] keys = ordered();
        try (TestPeer small = new TestPeer("small", keys[0], null, s -> s);
             TestPeer large = new TestPeer("large", keys[1], null, s -> s);
             TestPeer carol = new TestPeer("carol")) {
            // The first session is dialled by the side with the larger key, so the second, dialled by
            // the smaller, is preferred by both sides and replaces it.
            large.network.dial(small.address());
            Session first = large.await("up").session();
            Session firstAtSmall = small.await("up").session();
            send(first, new ChatRecord.Typing(true));
            send(firstAtSmall, new ChatRecord.Typing(false));
            assertEquals(new ChatRecord.Typing(true), small.records.poll(10, TimeUnit.SECONDS));
            assertEquals(new ChatRecord.Typing(false), large.records.poll(10, TimeUnit.SECONDS));

            small.network.dial(large.address());
            Map<String, List<TestPeer.Event>> atSmall = small.awaitEach("up", "down");
            Map<String, List<TestPeer.Event>> atLarge = large.awaitEach("up", "down");
            assertEquals(firstAtSmall, atSmall.get("down").get(0).session(), "the first session ended");
            assertEquals(first, atLarge.get("down").get(0).session());
            Session second = atSmall.get("up").get(0).session();
            assertNotSame(firstAtSmall, second);
            assertTrue(second.outbound(), "the second session is the one the smaller key dialled");
            send(second, new ChatRecord.PresenceChange(dev.parley.chat.Presence.AWAY));
            assertEquals(new ChatRecord.PresenceChange(dev.parley.chat.Presence.AWAY),
                    large.records.poll(10, TimeUnit.SECONDS));

            second.close();
            assertEquals("peer said goodbye", large.await("down").detail());
            small.await("down");

            small.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
            small.await("dial-failed");
            small.network.want(carol.fingerprint, List.of(large.address())); // large's address, announced as carol
            small.await("spoof");

            List<String> violations = new ArrayList<>(small.lockViolations);
            violations.addAll(large.lockViolations);
            assertEquals(List.of(), violations, "listener calls made holding a lock");
        }
    }

    private static void send(Session s, ChatRecord r) {
        assertTrue(s.send(r), "send refused on " + s);
        s.flush();
    }

    /** Two identities, the one with the smaller public key (as the duplicate rule compares them) first. */
    private static KeyPair[] ordered() {
        KeyPair a = Ed25519.generate(new SecureRandom());
        KeyPair b = Ed25519.generate(new SecureRandom());
        boolean aSmaller = Arrays.compareUnsigned(Ed25519.rawPublic(a.getPublic()), Ed25519.rawPublic(b.getPublic())) < 0;
        return aSmaller ? new KeyPair[] {a, b} : new KeyPair[] {b, a};
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
