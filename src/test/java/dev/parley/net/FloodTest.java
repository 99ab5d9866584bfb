package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Floods of unauthenticated connections on loopback, from one source address and from many
 * (127.0.0.2 and up stand in for the hosts of a LAN): connections that open and then say nothing, the
 * cheapest way to hold a slot until the handshake deadline. The victim's handshake deadline is set far
 * beyond the test's (2 minutes), so a staller never leaves by itself: a legitimate peer that completes a
 * handshake meanwhile was admitted by eviction, not by waiting out a deadline, whatever the machine's
 * load. The target's threads and heap stay bounded: busy threads by the admission limit (64 handshakes),
 * not by the flood's size. Every flood is bounded in count and time and targets this JVM's own listener
 * only. No figure here is a time: how fast a handshake is under a flood is the flood benchmark's.
 */
class FloodTest {
    /** Generous: a legitimate handshake on a machine whose cores are both busy. */
    private static final long LEGIT_HANDSHAKE_MILLIS = 30_000;
    private static final java.time.Duration STALLERS_DEADLINE = java.time.Duration.ofMinutes(2);
    private static final int ADDRESSES = 40;

    /** A victim whose stallers stay until evicted (see the class comment). */
    private static TestPeer victim() throws Exception {
        return new TestPeer("victim", null, s -> s.withTimeouts(STALLERS_DEADLINE, java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(30)));
    }

    @Test
    void aFloodFromOneAddressGetsItsShareAndNoMore() throws Exception {
        try (TestPeer victim = victim()) {
            List<Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 300; i++) {
                    try {
                        flood.add(open(victim, "127.0.0.2"));
                    } catch (IOException backlogFull) {
                        // the listen backlog overflowed for a moment; a flood does not care
                    }
                }
                awaitUnauthenticated(victim, NetSettings.defaults(null, 0).maxUnauthenticatedPerAddress());
                assertLegitimateHandshakesAreQuick(victim, 3);
                assertEquals(8, victim.network.unauthenticatedCount(), "the flood still holds just its share");
            } finally {
                closeAll(flood);
            }
        }
    }

    @Test
    void aFloodFromManyAddressesCannotLockOutALegitimatePeer() throws Exception {
        try (TestPeer victim = victim()) {
            long heapBefore = usedHeapAfterGc();
            long threadsBefore = victim.busyThreadCount();
            Churn churn = new Churn(victim, 600);
            Thread flooder = new Thread(churn, "flooder");
            flooder.start();
            try {
                awaitUnauthenticated(victim, 64); // every slot is taken by stallers
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (churn.opened.get() < 300 && System.nanoTime() < end) {
                    Thread.sleep(10); // polling a counter with a deadline: the flood is under way
                }
                long evictedBefore = victim.network.evictedCount();
                assertLegitimateHandshakesAreQuick(victim, 5);
                assertTrue(victim.network.evictedCount() > evictedBefore, "admitted by evicting stallers");
                // Busy threads: 64 handshakes and the accept loop, plus the few an eviction has not yet unwound
                // (each gives its thread back as soon as it is scheduled); waited for, as a busy machine may
                // take a while to schedule them, while the flood goes on. One thread per connection would be 600.
                long threadBound = threadsBefore + 64 + 8;
                long threadEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (victim.busyThreadCount() > threadBound && System.nanoTime() < threadEnd) {
                    Thread.sleep(5); // polling a count with a deadline
                }
                long threads = victim.busyThreadCount();
                long heap = usedHeapAfterGc();
                assertTrue(threads <= threadBound, () -> "busy threads " + threadsBefore + " -> " + threads);
                assertTrue(heap - heapBefore < 32 << 20, () -> "heap grew by " + (heap - heapBefore) / 1024 + " KiB");
                assertTrue(victim.network.unauthenticatedCount() <= 64);
                assertTrue(churn.opened.get() > 300, () -> "the flood was real: " + churn.opened.get() + " connections");
                assertTrue(victim.network.evictedCount() > 0);
            } finally {
                churn.stop.set(true);
                flooder.join(10_000);
            }
        }
    }

    /**
     * Dials the victim from new peers, one after the other; each session must come up, while every slot is
     * held by stallers that would otherwise stay {@link #STALLERS_DEADLINE}.
     */
    private static void assertLegitimateHandshakesAreQuick(TestPeer victim, int times) throws Exception {
        for (int k = 0; k < times; k++) {
            int i = k;
            try (TestPeer alice = new TestPeer("alice" + i)) {
                alice.network.dial(victim.address());
                TestPeer.Event up = alice.awaitWithin("up", LEGIT_HANDSHAKE_MILLIS);
                assertTrue(up != null, () -> "handshake " + i + " not up within " + LEGIT_HANDSHAKE_MILLIS + " ms");
            }
        }
    }

    /** Keeps opening silent connections from many addresses, holding at most {@code hold}; at most 30 s. */
    private static final class Churn implements Runnable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger opened = new AtomicInteger();
        private final TestPeer victim;
        private final int hold;

        Churn(TestPeer victim, int hold) {
            this.victim = victim;
            this.hold = hold;
        }

        @Override
        public void run() {
            Deque<Socket> held = new ArrayDeque<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (!stop.get() && System.nanoTime() < end) {
                    String from = "127.0.0." + (2 + ThreadLocalRandom.current().nextInt(ADDRESSES));
                    try {
                        held.add(open(victim, from));
                        opened.incrementAndGet();
                    } catch (IOException refused) {
                        // the backlog overflowed for a moment: try again
                    }
                    if (held.size() > hold) {
                        held.poll().close();
                    }
                    if (opened.get() % 50 == 0) {
                        Thread.sleep(20); // about 1000 connections a second at most: a flood, not a CPU hog
                    }
                }
            } catch (IOException | InterruptedException e) {
                // stop flooding
            } finally {
                closeAll(held);
            }
        }
    }

    private static Socket open(TestPeer victim, String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(victim.address(), 3000);
        return s;
    }

    private static void awaitUnauthenticated(TestPeer victim, int n) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (victim.network.unauthenticatedCount() < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("only " + victim.network.unauthenticatedCount() + " unauthenticated, not " + n);
            }
            Thread.onSpinWait();
            Thread.sleep(5); // polling a counter with a deadline
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static void closeAll(Iterable<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }
}
