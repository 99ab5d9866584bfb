package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A peer flooding us with messages is read at its inbound rate (backpressure: nothing is lost, order is
 * kept), while another peer's messages still arrive at once.
 */
class RateLimitTest {
    private static final InboundRate RATE = new InboundRate(100, 50);

    private static String id(int n) {
        return HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(16).putInt(12, n).array());
    }

    @Test
    void aFloodingPeerIsPacedLosslesslyAndOthersAreNotHeldUp() throws Exception {
        int flood = 450;
        try (TestPeer carol = new TestPeer("carol", null, s -> s.withInboundRate(RATE));
             TestPeer alice = new TestPeer("alice"); TestPeer bob = new TestPeer("bob")) {
            alice.network.dial(carol.address());
            Session fromAlice = alice.await("up").session();
            carol.await("up");
            bob.network.dial(carol.address());
            Session fromBob = bob.await("up").session();
            carol.await("up");

            long start = System.nanoTime();
            for (int i = 0; i < flood; i++) {
                assertTrue(fromAlice.send(new ChatRecord.Text(id(i), i, "flood " + i)));
            }
            List<Integer> floodSeen = new ArrayList<>();
            long worstBobMillis = 0;
            int bobSent = 0;
            while (floodSeen.size() < flood) {
                if (bobSent < 20 && floodSeen.size() >= 50 + bobSent * 15) {
                    long sentAt = System.nanoTime();
                    fromBob.send(new ChatRecord.Text(id(100_000 + bobSent), 0, "bob " + bobSent));
                    bobSent++;
                    worstBobMillis = Math.max(worstBobMillis, awaitBob(carol, floodSeen, sentAt));
                    continue;
                }
                ChatRecord r = carol.records.poll(20, TimeUnit.SECONDS);
                if (r == null) {
                    throw new AssertionError("only " + floodSeen.size() + " of the flood arrived");
                }
                record(r, floodSeen);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < flood; i++) {
                expected.add(i);
            }
            assertEquals(expected, floodSeen, "every flooded message arrived once, in order");
            double minimum = (flood - RATE.burst()) / RATE.perSecond();
            assertTrue(seconds >= minimum * 0.9, "the flood was paced: " + seconds + " s, at least " + minimum);
            assertEquals(20, bobSent);
            assertTrue(worstBobMillis < 500, "bob's messages waited at most " + worstBobMillis + " ms");
        }
    }

    /** Waits for bob's message, keeping alice's that arrive meanwhile; returns how long it took. */
    private static long awaitBob(TestPeer carol, List<Integer> floodSeen, long sentAt) throws InterruptedException {
        while (true) {
            ChatRecord r = carol.records.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("bob's message did not arrive while alice flooded");
            }
            if (!record(r, floodSeen)) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
            }
        }
    }

    /** Adds a flood message's number; false for bob's. */
    private static boolean record(ChatRecord r, List<Integer> floodSeen) {
        String text = ((ChatRecord.Text) r).text();
        if (text.startsWith("flood ")) {
            floodSeen.add(Integer.parseInt(text.substring(6)));
            return true;
        }
        return false;
    }
}
