package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.AddressEvidence;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An mDNS flood of strangers that never answer must not starve the dialer (issue 13, item 6): a known
 * peer is dialled ahead of them, with dials kept for it; and every dial reports what its address proved,
 * for discovery to rank its hints (item 2).
 */
class DialerPriorityTest {
    /** More strangers than there are dials, each at an address that accepts and then never answers. */
    private static final int STRANGERS = 24;

    @Test
    void aKnownPeerIsDialledAtOnceThoughStrangersHoldEveryDial() throws Exception {
        Evidence evidence = new Evidence();
        // the backlog completes TCP handshakes nobody accepts: each dial there waits out the handshake timeout
        try (ServerSocket tarpit = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
             TestPeer us = new TestPeer("us", null, s -> s.withTimeouts(Duration.ofSeconds(60), s.pingAfter(), s.deadAfter()));
             TestPeer known = new TestPeer("known")) {
            us.network.evidence(evidence);
            InetSocketAddress dead = new InetSocketAddress(InetAddress.getLoopbackAddress(), tarpit.getLocalPort());
            for (int i = 0; i < STRANGERS; i++) {
                us.network.want("SHA256:stranger" + i, List.of(dead), false);
            }
            awaitPending(us, 8 - Dialer.reservedForKnown(8));
            us.network.want(known.fingerprint, List.of(known.address()), true);
            assertEquals(known.fingerprint, us.await("up").session().fingerprint(),
                    "the known peer waited behind strangers' dials");
            assertEquals(known.fingerprint + " reached " + known.address(), evidence.next());
            assertTrue(us.network.pendingCount() <= 8, "dials in flight: " + us.network.pendingCount());
        }
    }

    @Test
    void aFailedDialIsReportedAsEvidenceAgainstThatAddress() throws Exception {
        Evidence evidence = new Evidence();
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once closed: refused at once
        }
        try (TestPeer us = new TestPeer("us"); TestPeer peer = new TestPeer("peer")) {
            us.network.evidence(evidence);
            InetSocketAddress refused = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed);
            us.network.want(peer.fingerprint, List.of(refused, peer.address()), false);
            assertEquals(peer.fingerprint + " failed " + refused, evidence.next());
            assertEquals(peer.fingerprint + " reached " + peer.address(), evidence.next());
        }
    }

    private static void awaitPending(TestPeer p, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (p.network.pendingCount() < n) {
            assertTrue(System.nanoTime() < end, "only " + p.network.pendingCount() + " dials under way");
            Thread.sleep(5); // polling a count inside the network, with a deadline
        }
    }

    private static final class Evidence implements AddressEvidence {
        final BlockingQueue<String> seen = new LinkedBlockingQueue<>();

        @Override
        public void reached(String fingerprint, InetSocketAddress address) {
            seen.add(fingerprint + " reached " + address);
        }

        @Override
        public void failed(String fingerprint, InetSocketAddress address) {
            seen.add(fingerprint + " failed " + address);
        }

        String next() throws InterruptedException {
            String s = seen.poll(10, TimeUnit.SECONDS);
            assertTrue(s != null, "no evidence within 10 s");
            return s;
        }
    }
}
