package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.Session;
import dev.parley.chat.Standing;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.handshake.RecordCipher;
import dev.parley.testing.Await;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.net.Socket;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 1: free identities opened unbounded authenticated sessions, each holding a thread and a
 * descriptor (3,000 identities: 2,500 threads; 20,000: out of descriptors). Here a client written from
 * docs/PROTOCOL.md completes real handshakes under fresh identities and holds every session open, more of
 * them than the victim's bound (8 here, 256 by default): the victim holds at most its bound, its reader
 * threads stay within the bound plus those still ending, and a known peer still gets in, in a stranger's
 * place. Loopback only.
 */
class SessionBoundTest {
    private static final int BOUND = 8;
    private static final int FLOOD = 3 * BOUND;

    @Test
    void freshIdentitiesCannotHoldMoreThanTheBoundAndAKnownPeerStillGetsIn() throws Exception {
        Set<String> known = ConcurrentHashMap.newKeySet();
        try (TestPeer victim = new TestPeer("victim", null, s -> s.withMaxSessions(BOUND));
             TestPeer alice = new TestPeer("alice")) {
            known.add(alice.fingerprint);
            victim.network.standings(fp -> known.contains(fp) ? Standing.KNOWN : Standing.STRANGER);
            List<Socket> held = new ArrayList<>();
            int authenticated = 0;
            int peakReaders = 0;
            try {
                for (int i = 0; i < FLOOD; i++) {
                    Socket s = authenticate(victim);
                    held.add(s);
                    authenticated++;
                    peakReaders = Math.max(peakReaders, readersOf(victim));
                }
                assertEquals(FLOOD, authenticated, "every handshake completed: the bound is on sessions, after it");
                awaitRefused(victim, FLOOD - BOUND);
                assertEquals(BOUND, victim.network.sessions().size(), "sessions held beyond the bound");
                assertTrue(victim.network.sessionsRefusedCount() >= FLOOD - BOUND);

                alice.network.dial(victim.address());
                assertNotNull(alice.awaitWithin("up", 10_000), "a known peer was kept out by strangers");
                awaitSession(victim, alice.fingerprint);
                List<Session> sessions = victim.network.sessions();
                assertTrue(sessions.size() <= BOUND, "sessions " + sessions.size());
                assertEquals(1, victim.network.sessionsPushedOutCount(), "one stranger made room");
                peakReaders = Math.max(peakReaders, readersOf(victim));
                int peak = peakReaders;
                assertTrue(peak <= BOUND + SessionRegistry.MAX_UNWINDING, "reader threads peaked at " + peak);
                awaitReadersAtMost(victim, BOUND);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    /** A real handshake under a fresh identity, then READY; the socket is held open and never read again. */
    private static Socket authenticate(TestPeer victim) throws Exception {
        KeyPair id = Ed25519.generate(new SecureRandom());
        LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> "free",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
        Socket s = new Socket();
        try {
            s.connect(victim.address(), 3000);
            s.setSoTimeout(10_000);
            FrameReader frames = new FrameReader(s.getInputStream());
            Initiator initiator = new Initiator(party);
            s.getOutputStream().write(FrameWriter.encode(initiator.message1()));
            byte[] m3 = initiator.message3(frames.read(Limits.MAX_HANDSHAKE_FRAME));
            s.getOutputStream().write(FrameWriter.encode(m3));
            RecordCipher cipher = new RecordCipher(initiator.result(), 0, Clock.systemUTC(), new SecureRandom());
            assertEquals(RecordType.READY, cipher.open(frames.read(Limits.MAX_FRAME)).type());
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    /** The victim's session readers: reader threads named after any peer but the victim itself. */
    private static int readersOf(TestPeer victim) {
        String ours = "parley-net-reader-" + victim.fingerprint.substring(7, 15);
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("parley-net-reader-") && !t.getName().equals(ours))
                .count();
    }

    private static void awaitRefused(TestPeer victim, long n) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> victim.network.sessionsRefusedCount() >= n,
                () -> "sessions refused: " + victim.network.sessionsRefusedCount() + ", expected " + n);
    }

    private static void awaitSession(TestPeer victim, String fingerprint) throws InterruptedException {
        Await.until(Duration.ofSeconds(10),
                () -> victim.network.sessions().stream().anyMatch(s -> s.fingerprint().equals(fingerprint)),
                () -> "the victim holds no session with the known peer");
    }

    private static void awaitReadersAtMost(TestPeer victim, int n) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> readersOf(victim) <= n,
                () -> "reader threads: " + readersOf(victim));
    }
}
