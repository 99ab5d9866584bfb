package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.testing.Await;
import dev.parley.wire.FrameWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 5, on loopback against a real listener with a network key: a stranger who sniffed one
 * M1 of a member and sends it again on new connections used to get an M2 for every one (two X25519s,
 * an Ed25519 signature and a seal each). Now only the first gets an answer; every replay is closed
 * without a byte, and members keep connecting.
 */
class ReplayedM1Test {
    private static final byte[] NETWORK_KEY = new byte[32];
    private static final int REPLAYS = 200;

    static {
        Arrays.fill(NETWORK_KEY, (byte) 42);
    }

    @Test
    void aSniffedM1IsAnsweredOnceAndItsReplaysGetNoM2() throws Exception {
        try (TestPeer bob = new TestPeer("bob", NETWORK_KEY, s -> s)) {
            byte[] m1 = new Initiator(member("alice")).message1(); // what the stranger sniffed

            int first = replyLength(bob, m1);
            assertTrue(first > 33, "the first M1 is answered with an M2, got " + first + " bytes");
            long failuresBefore = bob.network.failureCount();
            int answered = 0;
            for (int i = 0; i < REPLAYS; i++) {
                if (replyLength(bob, m1) != 0) {
                    answered++;
                }
            }
            assertEquals(0, answered, "replays of one M1 answered with an M2");
            awaitFailures(bob, failuresBefore + REPLAYS);

            try (TestPeer alice = new TestPeer("alice", NETWORK_KEY, s -> s)) {
                alice.network.dial(bob.address());
                assertEquals(bob.fingerprint, alice.await("up").session().fingerprint());
            }
        }
    }

    private static LocalParty member(String nick) {
        KeyPair id = Ed25519.generate(new SecureRandom());
        return new LocalParty(id, Ed25519.rawPublic(id.getPublic()), NETWORK_KEY, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
    }

    /**
     * Sends M1 on a new connection and reads what comes back until the responder closes: the body length
     * of the frame it sent, or 0 when it closed without a byte. Waits at most 10 s (then fails).
     */
    private static int replyLength(TestPeer to, byte[] m1) throws IOException {
        try (Socket s = new Socket(to.address().getAddress(), to.address().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(FrameWriter.encode(m1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            int b;
            try {
                b = in.read();
            } catch (SocketException reset) {
                return 0; // closed without a reply, by a reset
            }
            if (b < 0) {
                return 0;
            }
            int length = (b << 8) | new DataInputStream(in).readUnsignedByte();
            new DataInputStream(in).readFully(new byte[length]);
            return length;
        }
    }

    private static void awaitFailures(TestPeer peer, long atLeast) throws InterruptedException {
        Await.until(Duration.ofSeconds(10), () -> peer.network.failureCount() >= atLeast,
                () -> "failures counted: " + peer.network.failureCount() + ", expected " + atLeast);
    }
}
