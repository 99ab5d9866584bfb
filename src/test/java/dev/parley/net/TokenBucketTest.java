package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBurstIsFreeThenEachTokenWaitsItsShare() {
        TokenBucket b = new TokenBucket(50, 3, now::get);
        assertEquals(0, b.take());
        assertEquals(0, b.take());
        assertEquals(0, b.take());
        assertEquals(20_000_000, b.take(), "the 4th token waits 1/50 s");
        assertEquals(40_000_000, b.take(), "and the 5th behind it");
    }

    @Test
    void tokensComeBackWithTimeUpToTheBurst() {
        TokenBucket b = new TokenBucket(10, 2, now::get);
        b.take();
        b.take();
        now.addAndGet(10_000_000_000L); // 10 s: would be 100 tokens, but the bucket holds 2
        assertEquals(0, b.take());
        assertEquals(0, b.take());
        assertEquals(100_000_000, b.take());
    }

    @Test
    void aPacedReaderAveragesTheRate() {
        TokenBucket b = new TokenBucket(50, 200, now::get);
        long start = now.get();
        for (int i = 0; i < 1200; i++) {
            now.addAndGet(b.take()); // the reader waits as told
        }
        double seconds = (now.get() - start) / 1e9;
        assertEquals(1000 / 50.0, seconds, 0.05, "1200 records, 200 of them free, at 50 a second");
    }
}
