package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.Session;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two peers that want each other at the same moment (as two peers that discover each other do) make
 * one connection, dialled by the side whose fingerprint sorts lower; the other gives it
 * {@link Dialer#YIELD_MILLIS} ms and then finds the session already up.
 */
class DialerYieldTest {
    @Test
    void peersWantingEachOtherAtOnceMakeOneConnectionDialledByTheLowerFingerprint() throws Exception {
        for (int round = 0; round < 5; round++) {
            try (TestPeer a = new TestPeer("alice"); TestPeer b = new TestPeer("bob")) {
                a.network.want(b.fingerprint, List.of(b.address()));
                b.network.want(a.fingerprint, List.of(a.address()));
                Session atA = a.await("up").session();
                Session atB = b.await("up").session();
                boolean aIsLower = a.fingerprint.compareTo(b.fingerprint) < 0;
                assertEquals(aIsLower, atA.outbound(), "the lower fingerprint dials");
                assertEquals(!aIsLower, atB.outbound());
                // Past the yield: the higher side must not have dialled a second connection.
                assertTrue(a.quietFor("up", Dialer.YIELD_MILLIS + 300), "a second session came up at alice");
                assertTrue(b.quietFor("up", 100), "a second session came up at bob");
                assertEquals(1, a.sessions().size());
                assertEquals(1, b.sessions().size());
                assertEquals(0, a.network.pendingCount() + b.network.pendingCount(), "a handshake still in flight");
            }
        }
    }

    @Test
    void theHigherSideStillDialsWhenTheOtherDoesNot() throws Exception {
        try (TestPeer a = new TestPeer("alice"); TestPeer b = new TestPeer("bob")) {
            TestPeer higher = a.fingerprint.compareTo(b.fingerprint) > 0 ? a : b;
            TestPeer lower = higher == a ? b : a;
            long t0 = System.nanoTime();
            higher.network.want(lower.fingerprint, List.of(lower.address()));
            assertTrue(higher.await("up").session().outbound());
            long waited = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(waited >= Dialer.YIELD_MILLIS, "dialled after " + waited + " ms, before the yield ran out");
        }
    }
}
