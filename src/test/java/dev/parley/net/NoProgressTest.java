package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.wire.FrameWriter;
import dev.parley.wire.RecordType;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 item 3: a session that has stopped making progress on its records is found dead, however many
 * bytes keep it busy. Once a byte is lost, the reader takes some later bytes for a length prefix and
 * waits for a frame that never completes, while both sides' PINGs and PONGs keep bytes flowing: counted
 * in bytes, the peer never looked silent, and the session stayed "online" with messages undelivered.
 * Counted in whole records, it ends after the silence limit.
 */
class NoProgressTest {
    private static final Duration DEAD_AFTER = Duration.ofMillis(1500);

    @Test
    void bytesThatNeverCompleteARecordDoNotKeepTheSessionAlive() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (TestPeer us = new TestPeer("us", null, s -> s.withTimeouts(Duration.ofSeconds(5), Duration.ofMillis(300), DEAD_AFTER));
             ScriptedResponder peer = new ScriptedResponder((cipher, in, out) -> {
                 out.write(new byte[] {(byte) 0xea, 0x60}); // a frame of 60,000 bytes that never completes
                 out.flush();
                 while (!stop.get()) {
                     out.write('A'); // a drip, as PINGs and PONGs swallowed into the bogus frame would be
                     out.flush();
                     Thread.sleep(50); // the attacker's pace, not synchronisation
                 }
             })) {
            us.network.dial(peer.address());
            us.await("up");
            long start = System.nanoTime();
            TestPeer.Event down = us.await("down");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertTrue(down.detail().contains("silent"), () -> "ended for silence, not: " + down.detail());
            assertTrue(took >= DEAD_AFTER.toMillis() - 100, () -> "not before the silence limit: " + took + " ms");
        } finally {
            stop.set(true);
        }
    }

    @Test
    void wholeRecordsKeepASessionAlive() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (TestPeer us = new TestPeer("us", null, s -> s.withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), DEAD_AFTER));
             ScriptedResponder peer = new ScriptedResponder((cipher, in, out) -> {
                 while (!stop.get()) {
                     out.write(FrameWriter.encode(cipher.seal(RecordType.PING, new byte[0])));
                     out.flush();
                     Thread.sleep(200); // the peer's pace
                 }
             })) {
            us.network.dial(peer.address());
            assertNotNull(us.await("up"));
            assertNull(us.awaitWithin("down", 3 * DEAD_AFTER.toMillis()), "a peer sending whole records is alive");
        } finally {
            stop.set(true);
        }
    }
}
