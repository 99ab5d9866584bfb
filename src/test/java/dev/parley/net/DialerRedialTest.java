package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redialling after a session ends: soon after a loss, but after the peer's goodbye only as late as the
 * {@link Dialer#AFTER_GOODBYE_ATTEMPT}th retry would. TestPeer's backoff starts at 50 ms and stops at
 * 400 ms, with 20% jitter: a first retry waits 40-60 ms, the fourth 320-480 ms.
 */
class DialerRedialTest {
    @Test
    void afterThePeersGoodbyeTheFirstRedialWaitsAsALaterRetryWould() throws Exception {
        try (TestPeer us = new TestPeer("us"); TestPeer peer = new TestPeer("peer")) {
            us.network.want(peer.fingerprint, List.of(peer.address()));
            us.await("up");
            peer.await("up"); // its session is registered: closing it says BYE
            int before = us.scheduledDelays().size();
            // The session's own close, not the whole network's: that aborts a session whose goodbye takes over
            // 1 s to be answered (a busy machine), and a reset can discard the BYE before it is read.
            peer.sessions().get(0).close();
            assertEquals("peer said goodbye", us.await("down").detail());
            long delay = us.awaitScheduledDelay(before);
            assertTrue(delay >= 320, "redial after a goodbye scheduled in " + delay + " ms");
        }
    }

    @Test
    void afterALossTheFirstRedialIsSoon() throws Exception {
        try (TestPeer us = new TestPeer("us"); TestPeer peer = new TestPeer("peer")) {
            us.network.want(peer.fingerprint, List.of(peer.address()));
            us.await("up");
            peer.await("up");
            int before = us.scheduledDelays().size();
            ((LiveSession) peer.sessions().get(0)).abort(); // no BYE
            assertEquals("connection closed without goodbye", us.await("down").detail());
            long delay = us.awaitScheduledDelay(before);
            assertTrue(delay <= 60, "redial after a loss scheduled in " + delay + " ms");
            assertTrue(us.await("up").session().outbound(), "not redialled");
        }
    }
}
