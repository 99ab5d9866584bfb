package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.wire.FrameWriter;
import java.io.InputStream;
import java.net.Socket;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: a peer with another network key no longer stays "connecting" with no hint on either screen.
 * The dialler, which sees only that the peer closes after its first message, is told once after
 * {@link NetworkKeyHints#UNANSWERED_BEFORE_HINT} such dials in a row; the responder, which can tell from
 * the MAC, is told once per address (rate-limited). The stranger gets nothing: no byte of reply.
 */
class OtherNetworkKeyTest {
    private static byte[] key(int fill) {
        byte[] k = new byte[32];
        java.util.Arrays.fill(k, (byte) fill);
        return k;
    }

    @Test
    void aDialByAddressToAPeerWithAnotherKeyIsHintedOnceOnEachSide() throws Exception {
        try (TestPeer us = new TestPeer("us", key(1), s -> s); TestPeer them = new TestPeer("them", key(2), s -> s)) {
            us.network.dial(them.address()); // as --peer and /connect do: retried with backoff
            assertTrue(us.await("dial-failed").detail().contains("another network key, or busy"), "the first failure says why");
            assertEquals(them.address().getPort() + " null " + NetworkKeyHints.UNANSWERED_BEFORE_HINT,
                    us.await("unanswered").detail());
            assertEquals("127.0.0.1 true", them.await("other-key").detail());
            // the dial goes on (8 attempts in all): neither side is told again
            assertNull(us.awaitWithin("unanswered", 1500), "the dialler was told twice");
            assertNull(them.awaitWithin("other-key", 0), "the responder was told twice");
            assertTrue(us.sessions().isEmpty() && them.sessions().isEmpty());
            assertTrue(us.lockViolations.isEmpty() && them.lockViolations.isEmpty(),
                    () -> us.lockViolations + " " + them.lockViolations);
        }
    }

    @Test
    void aWantedPeerWithAnotherKeyIsHintedByItsFingerprint() throws Exception {
        try (TestPeer us = new TestPeer("us", key(1), s -> s); TestPeer them = new TestPeer("them", null, s -> s)) {
            us.network.want(them.fingerprint, List.of(them.address()));
            assertEquals(them.address().getPort() + " " + them.fingerprint + " " + NetworkKeyHints.UNANSWERED_BEFORE_HINT,
                    us.await("unanswered").detail());
            assertEquals("127.0.0.1 true", them.await("other-key").detail(), "we use a key, it has none");
        }
    }

    @Test
    void aPeerWithoutAKeyIsToldApartFromOneWithAnother() throws Exception {
        try (TestPeer us = new TestPeer("us", null, s -> s); TestPeer them = new TestPeer("them", key(2), s -> s)) {
            us.network.dial(them.address());
            assertEquals("127.0.0.1 false", them.await("other-key").detail(), "it uses no key, ours is required");
        }
    }

    @Test
    void theStrangerIsSentNothing() throws Exception {
        KeyPair id = Ed25519.generate(new SecureRandom());
        LocalParty stranger = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), key(3), 1, 1, () -> "x",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
        try (TestPeer them = new TestPeer("them", key(2), s -> s);
             Socket s = new Socket(them.address().getAddress(), them.address().getPort())) {
            s.getOutputStream().write(FrameWriter.encode(new Initiator(stranger).message1()));
            s.setSoTimeout(30_000); // generous; the responder closes at once
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "the responder replied to a stranger");
            assertEquals("127.0.0.1 true", them.await("other-key").detail());
        }
    }

    @Test
    void aDialThatIsAnsweredStartsTheCountAgain() {
        List<String> told = new java.util.ArrayList<>();
        dev.parley.chat.SessionListener listener = new dev.parley.chat.SessionListener() {
            @Override public void sessionUp(dev.parley.chat.Session s) { }
            @Override public void received(dev.parley.chat.Session s, dev.parley.chat.ChatRecord r) { }
            @Override public void sessionDown(dev.parley.chat.Session s, String reason) { }
            @Override public void handshakeUnanswered(java.net.InetSocketAddress a, String fp, int times) {
                told.add(a.getPort() + " " + times);
            }
            @Override public void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int more) {
                told.add(from.getHostAddress());
            }
        };
        long[] now = {0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now[0]); }
        };
        NetworkKeyHints hints = new NetworkKeyHints(listener, clock);
        java.net.InetSocketAddress a = new java.net.InetSocketAddress("127.0.0.1", 7447);
        for (int i = 0; i < 5; i++) {
            hints.unanswered(a, null);
        }
        assertEquals(List.of("7447 3"), told);
        hints.answered(a);
        for (int i = 0; i < 3; i++) {
            hints.unanswered(a, null);
        }
        assertEquals(List.of("7447 3", "7447 3"), told, "told again after an answer and three more");

        told.clear();
        java.net.InetAddress from = java.net.InetAddress.getLoopbackAddress();
        hints.refused(from, true);
        hints.refused(from, true);
        now[0] += NetworkKeyHints.REFUSED_HINT_EVERY_MILLIS - 1;
        hints.refused(from, true);
        assertEquals(List.of("127.0.0.1"), told, "once per address within the interval");
        now[0] += 1;
        hints.refused(from, true);
        assertEquals(List.of("127.0.0.1", "127.0.0.1"), told);
    }

    @Test
    void whatItRemembersIsBounded() throws Exception {
        NetworkKeyHints hints = new NetworkKeyHints(new dev.parley.chat.SessionListener() {
            @Override public void sessionUp(dev.parley.chat.Session s) { }
            @Override public void received(dev.parley.chat.Session s, dev.parley.chat.ChatRecord r) { }
            @Override public void sessionDown(dev.parley.chat.Session s, String reason) { }
        }, Clock.systemUTC());
        for (int i = 0; i < 3 * NetworkKeyHints.MAX_ADDRESSES; i++) {
            hints.unanswered(new java.net.InetSocketAddress("127.0.0.1", 1000 + i), null);
            hints.refused(java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), true);
        }
        assertEquals(NetworkKeyHints.MAX_ADDRESSES, hints.unansweredAddresses());
        assertEquals(NetworkKeyHints.MAX_ADDRESSES, hints.refusedAddresses());
    }

    /** A host rotating through many addresses gets one warning a minute in all, the rest counted into the next. */
    @Test
    void refusalsFromManyAddressesAreRateLimitedOverall() throws Exception {
        List<String> told = new java.util.ArrayList<>();
        long[] now = {0};
        Clock clock = new Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(now[0]); }
        };
        NetworkKeyHints hints = new NetworkKeyHints(new dev.parley.chat.SessionListener() {
            @Override public void sessionUp(dev.parley.chat.Session s) { }
            @Override public void received(dev.parley.chat.Session s, dev.parley.chat.ChatRecord r) { }
            @Override public void sessionDown(dev.parley.chat.Session s, String reason) { }
            @Override public void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int more) {
                told.add(from.getHostAddress() + " +" + more);
            }
        }, clock);
        int rotated = 3 * NetworkKeyHints.MAX_ADDRESSES;
        for (int i = 0; i < rotated; i++) {
            hints.refused(java.net.InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}), true);
        }
        assertEquals(List.of("10.0.0.0 +0"), told, "one warning for a flood of addresses, not one per address");
        now[0] += NetworkKeyHints.REFUSED_HINT_OVERALL_MILLIS - 1;
        hints.refused(java.net.InetAddress.getByName("10.9.9.9"), true);
        assertEquals(1, told.size(), "still within the overall interval");
        now[0] += 1;
        hints.refused(java.net.InetAddress.getByName("10.9.9.8"), true);
        assertEquals(List.of("10.0.0.0 +0", "10.9.9.8 +" + rotated), told,
                "the next warning counts the addresses not told in between");
        now[0] += NetworkKeyHints.REFUSED_HINT_OVERALL_MILLIS;
        hints.refused(java.net.InetAddress.getByName("10.9.9.7"), true);
        assertEquals("10.9.9.7 +0", told.get(2), "the count starts again after each warning");
    }
}
