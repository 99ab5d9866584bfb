package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.Session;
import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Who dials first (see {@link Dialer}): a peer that has run a while dials a peer it discovers at once,
 * whatever the fingerprints; a starting one yields by fingerprint; and no dial starts while a connection
 * from the peer's address is in its handshake with us.
 */
class DialerFirstDialTest {
    private static final long SETTLED = 0;

    @Test
    void onlyAStartingPeerWithTheHigherFingerprintYields() {
        assertTrue(Dialer.yieldsFirst("SHA256:b", "SHA256:a", true));
        assertFalse(Dialer.yieldsFirst("SHA256:a", "SHA256:b", true));
        assertFalse(Dialer.yieldsFirst("SHA256:b", "SHA256:a", false));
        assertFalse(Dialer.yieldsFirst("SHA256:a", "SHA256:b", false));
    }

    @Test
    void aSettledPeerDialsANewcomerAtOnceThoughItsFingerprintIsHigher() throws Exception {
        KeyPair[] keys = ordered();
        try (TestPeer newcomer = new TestPeer("newcomer", keys[0], null, s -> s);
             TestPeer settled = new TestPeer("settled", keys[1], null, s -> s, SETTLED)) {
            settled.network.want(newcomer.fingerprint, List.of(newcomer.address()));
            assertTrue(settled.await("up").session().outbound());
            assertFalse(newcomer.await("up").session().outbound());
            assertFalse(settled.scheduledDelays().contains(Dialer.YIELD_MILLIS), "the settled peer yielded");
            // the newcomer discovers the settled peer later, and finds the session up
            newcomer.network.want(settled.fingerprint, List.of(settled.address()));
            assertTrue(newcomer.quietFor("up", 300), "a second session came up");
            assertEquals(1, newcomer.sessions().size());
            assertEquals(1, settled.sessions().size());
        }
    }

    @Test
    void aStartingPeerWithTheHigherFingerprintStillYields() throws Exception {
        KeyPair[] keys = ordered();
        try (TestPeer lower = new TestPeer("lower", keys[0], null, s -> s);
             TestPeer higher = new TestPeer("higher", keys[1], null, s -> s)) {
            higher.network.want(lower.fingerprint, List.of(lower.address()));
            assertTrue(higher.await("up").session().outbound());
            assertTrue(higher.scheduledDelays().contains(Dialer.YIELD_MILLIS), "the starting peer did not yield");
        }
    }

    /**
     * The peer's own connection is in its handshake with us (held there by its key agreement, which
     * waits for a latch) when we come to want it: we wait for that handshake instead of dialling a
     * second connection, and its session is the only one.
     */
    @Test
    void noDialWhileThePeersConnectionIsInItsHandshake() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (TestPeer us = new TestPeer("us", Ed25519.generate(new SecureRandom()), null, s -> s, SETTLED);
             TestPeer peer = new TestPeer("peer", Ed25519.generate(new SecureRandom()), null,
                     s -> s.withParty(heldAtKeyAgreement(s.party(), release)), SETTLED)) {
            peer.network.want(us.fingerprint, List.of(us.address()));
            await(() -> us.network.pendingCount() == 1, "the peer's connection in its handshake with us");
            us.network.want(peer.fingerprint, List.of(peer.address()));
            assertTrue(us.quietFor("up", 300), "a session came up while the peer's handshake was held");
            assertEquals(1, us.network.pendingCount(), "we dialled while the peer's connection was in its handshake");
            release.countDown();
            assertFalse(us.await("up").session().outbound(), "the session is not the peer's connection");
            assertTrue(us.quietFor("up", Dialer.YIELD_MILLIS), "a second session came up");
            assertEquals(1, us.sessions().size());
            assertEquals(1, peer.sessions().size());
            assertEquals(0, us.network.pendingCount() + peer.network.pendingCount(), "a handshake still in flight");
        }
    }

    /** A connection from the peer's address that never completes its handshake delays our dial only until it ends. */
    @Test
    void theDialGoesAheadWhenTheInboundHandshakeFails() throws Exception {
        try (TestPeer us = new TestPeer("us", Ed25519.generate(new SecureRandom()), null,
                     s -> s.withTimeouts(Duration.ofSeconds(60), s.pingAfter(), s.deadAfter()), SETTLED);
             TestPeer peer = new TestPeer("peer", Ed25519.generate(new SecureRandom()), null, s -> s, SETTLED);
             Socket silent = new Socket()) {
            silent.connect(us.address(), 5000); // from the peer's address (loopback), says nothing
            await(() -> us.network.pendingCount() == 1, "the silent connection in its handshake");
            us.network.want(peer.fingerprint, List.of(peer.address()));
            assertTrue(us.quietFor("up", 300), "dialled while a connection from the peer's address was in its handshake");
            silent.close();
            Session s = us.await("up").session(); // long before the 60 s handshake timeout would end the wait
            assertTrue(s.outbound());
            assertEquals(peer.fingerprint, s.fingerprint());
        }
    }

    /** Two key pairs, the first with the lower fingerprint. */
    private static KeyPair[] ordered() {
        KeyPair a = Ed25519.generate(new SecureRandom());
        KeyPair b = Ed25519.generate(new SecureRandom());
        boolean aLower = Fingerprints.of(Ed25519.rawPublic(a.getPublic()))
                .compareTo(Fingerprints.of(Ed25519.rawPublic(b.getPublic()))) < 0;
        return aLower ? new KeyPair[] {a, b} : new KeyPair[] {b, a};
    }

    private static LocalParty heldAtKeyAgreement(LocalParty p, CountDownLatch release) {
        PublicKeyOps held = new PublicKeyOps() {
            @Override public KeyPair newEphemeral(SecureRandom random) { return PublicKeyOps.JDK.newEphemeral(random); }
            @Override public byte[] agree(PrivateKey ours, byte[] theirs) throws GeneralSecurityException {
                try {
                    if (!release.await(20, TimeUnit.SECONDS)) {
                        throw new GeneralSecurityException("test latch never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GeneralSecurityException("interrupted");
                }
                return PublicKeyOps.JDK.agree(ours, theirs);
            }
            @Override public byte[] sign(PrivateKey key, byte[] message) { return PublicKeyOps.JDK.sign(key, message); }
            @Override public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
                return PublicKeyOps.JDK.verify(publicKey, message, signature);
            }
        };
        return new LocalParty(p.identity(), p.publicKey(), p.networkKey(), p.minVersion(), p.maxVersion(), p.nickname(),
                p.clock(), p.random(), held, p.capabilities());
    }

    /** Waits for a condition that no event announces (a count inside the network), with a deadline. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5); // polling a condition with a deadline, not standing in for it
        }
    }

}
