package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.crypto.Ed25519;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One identity authenticating again and again: of each pair of sessions the registry keeps one and
 * closes the other with BYE. The one not kept never gets a reader, so it must close its socket itself;
 * it used to stop at BYE and leak a descriptor for every duplicate (found by the fuzzing client).
 */
class DuplicateSessionTest {
    @Test
    void duplicatesThatAreNotKeptCloseTheirSockets() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "skipped: needs /proc to count descriptors");
        KeyPair id = Ed25519.generate(new SecureRandom());
        LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> "dup",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
        try (TestPeer victim = new TestPeer("victim")) {
            long before = fds();
            List<Socket> clients = new ArrayList<>();
            int hungUp = 0;
            for (int i = 0; i < 20; i++) {
                Socket s = new Socket(victim.address().getAddress(), victim.address().getPort());
                clients.add(s);
                FrameReader in = new FrameReader(s.getInputStream());
                Initiator init = new Initiator(party);
                s.getOutputStream().write(FrameWriter.encode(init.message1()));
                s.getOutputStream().write(FrameWriter.encode(init.message3(in.read(Limits.MAX_HANDSHAKE_FRAME))));
                in.read(Limits.MAX_FRAME); // READY
            }
            // Every connection but the one kept gets BYE and then the end of the stream. Which one is kept is
            // known once none is left in its handshake (READY goes out just before the registry's decision).
            long registered = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (victim.network.pendingCount() > 0) {
                assertTrue(System.nanoTime() < registered, "connections still in their handshake");
                Thread.sleep(5); // polling a count with a deadline
            }
            List<dev.parley.chat.Session> live = victim.sessions();
            assertEquals(1, live.size(), "one session kept of 20 with the same identity");
            int keptPort = live.get(0).remoteAddress().getPort();
            for (Socket s : clients) {
                if (s.getLocalPort() == keptPort) {
                    continue;
                }
                s.setSoTimeout(30_000); // generous: a busy machine; the stream ends long before
                try {
                    while (s.getInputStream().read() >= 0) {
                        // BYE's frame
                    }
                    hungUp++;
                } catch (java.net.SocketTimeoutException keptOpen) {
                    // before the fix, every discarded one
                }
            }
            assertEquals(19, hungUp, "the victim hung up on " + hungUp + " of 19 duplicates");
            for (Socket s : clients) {
                s.close();
            }
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (fds() > before) {
                assertTrue(System.nanoTime() < end, "descriptors: " + fds() + " now, " + before + " before");
                Thread.sleep(50); // polling a count with a deadline
            }
        }
    }

    private static long fds() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
