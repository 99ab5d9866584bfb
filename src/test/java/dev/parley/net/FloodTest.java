package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Await;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
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
 * Handshake threads, evicted ones still ending included, have a hard cap: 64 + 16 ({@link Admission}).
 */
class FloodTest {
    /** Generous: a legitimate handshake on a machine whose cores are both busy. */
    private static final long LEGIT_HANDSHAKE_MILLIS = 30_000;
    private static final java.time.Duration STALLERS_DEADLINE = java.time.Duration.ofMinutes(2);
    private static final int ADDRESSES = 40;
    /**
     * Busy threads of the victim's pool besides its handshakes, seen at the flood's peak: sessions' readers
     * and writers, and threads past their handshake on their way back to the pool.
     */
    private static final int OTHERS = 16;

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
     * Issue 13 item 8: a flood from more addresses than there are slots, each address holding a slot or
     * two, evicted legitimate handshakes (the oldest of the busiest address was the victim, and a handshake
     * in progress is old after a few ms of flood). A peer that has sent its M1 and takes its time with M3
     * (a slow machine, a busy link) now outlives the stallers however many the flood cycles through, and
     * the victim's handshake threads stay within the hard cap: 64 admitted plus 16 evicted still ending.
     */
    @Test
    void aHandshakePastItsM1SurvivesAFloodFromMoreAddressesThanSlots() throws Exception {
        try (TestPeer victim = victim()) {
            long threadsBefore = victim.busyThreadCount();
            Churn churn = new Churn(victim, 600, 100);
            Thread flooder = new Thread(churn, "flooder");
            flooder.start();
            try {
                awaitUnauthenticated(victim, 64);
                java.security.KeyPair id = dev.parley.crypto.Ed25519.generate(new java.security.SecureRandom());
                dev.parley.handshake.LocalParty party = new dev.parley.handshake.LocalParty(id,
                        dev.parley.crypto.Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> "slow",
                        java.time.Clock.systemUTC(), new java.security.SecureRandom(), dev.parley.handshake.PublicKeyOps.JDK);
                // A connection the flood evicts before the victim's thread has read its M1 looks like any
                // staller (nothing can tell them apart without reading): that one is dialled again.
                Socket s = null;
                dev.parley.wire.FrameReader frames = null;
                dev.parley.handshake.Initiator initiator = null;
                byte[] m3 = null;
                for (int attempt = 0; m3 == null; attempt++) {
                    assertTrue(attempt < 10, "never got an M2 in 10 attempts");
                    s = open(victim, "127.0.0.1");
                    s.setSoTimeout(10_000);
                    frames = new dev.parley.wire.FrameReader(s.getInputStream());
                    initiator = new dev.parley.handshake.Initiator(party);
                    s.getOutputStream().write(dev.parley.wire.FrameWriter.encode(initiator.message1()));
                    try {
                        m3 = initiator.message3(frames.read(dev.parley.wire.Limits.MAX_HANDSHAKE_FRAME));
                    } catch (IOException evictedBeforeItsM1WasRead) {
                        s.close();
                    }
                }
                try (Socket held = s) {
                    java.io.OutputStream out = held.getOutputStream();
                    long evictedAtM2 = victim.network.evictedCount();
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // within the victim's handshake deadline
                    long threadsPeak = 0;
                    while (victim.network.evictedCount() < evictedAtM2 + 4 * 64 && System.nanoTime() < end) {
                        threadsPeak = Math.max(threadsPeak, victim.busyThreadCount());
                        Thread.sleep(5); // polling a counter with a deadline: the flood cycles the slots
                    }
                    long cycled = victim.network.evictedCount() - evictedAtM2;
                    assertTrue(cycled >= 4 * 64, "the flood was too slow to cycle the slots: " + cycled + " evictions");
                    out.write(dev.parley.wire.FrameWriter.encode(m3));
                    dev.parley.handshake.RecordCipher cipher = new dev.parley.handshake.RecordCipher(initiator.result(), 0,
                            java.time.Clock.systemUTC(), new java.security.SecureRandom());
                    byte[] ready;
                    try {
                        ready = frames.read(dev.parley.wire.Limits.MAX_FRAME);
                    } catch (IOException e) {
                        throw new AssertionError("the handshake past its M1 was evicted during " + cycled
                                + " evictions: " + e);
                    }
                    assertEquals(dev.parley.wire.RecordType.READY, cipher.open(ready).type());
                    long peak = threadsPeak;
                    // the handshake threads, a few session threads (ours, the drains) and the pool's idle ones
                    assertTrue(peak <= threadsBefore + 64 + Admission.DEFAULT_MAX_UNWINDING + OTHERS,
                            () -> "threads " + threadsBefore + " -> " + peak);
                }
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
        private final int addresses;

        Churn(TestPeer victim, int hold) {
            this(victim, hold, ADDRESSES);
        }

        Churn(TestPeer victim, int hold, int addresses) {
            this.victim = victim;
            this.hold = hold;
            this.addresses = addresses;
        }

        @Override
        public void run() {
            Deque<Socket> held = new ArrayDeque<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try {
                while (!stop.get() && System.nanoTime() < end) {
                    String from = "127.0.0." + (2 + ThreadLocalRandom.current().nextInt(addresses));
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
        Await.until(Duration.ofSeconds(10), () -> victim.network.unauthenticatedCount() >= n,
                () -> "only " + victim.network.unauthenticatedCount() + " unauthenticated, not " + n);
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
