package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The polling scheduler against a fake clock (nanoseconds we move by hand) and fixed jitter. */
class PollScheduleTest {
    static final long S = TimeUnit.SECONDS.toNanos(1);

    /** Floor 10 s, cap 30 s, backoff up to 10 min, 4 keys; jitter as given (0 = none, 0.999 = the most). */
    static PollSchedule<String> schedule(double jitter) {
        return new PollSchedule<>(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(10), 4, () -> jitter);
    }

    @Test
    void aNewKeyIsDueAtOnce() {
        PollSchedule<String> p = schedule(0);
        long now = 1_000 * S;
        assertTrue(p.add("office.example", now));
        assertEquals(List.of("office.example"), p.due(now));
        assertEquals(now, p.nextDue());
    }

    @Test
    void anAnswerIsAskedAgainWhenItsTtlRunsOutWithinTheFloorAndTheCap() {
        PollSchedule<String> p = schedule(0);
        long now = 5 * S;
        p.add("a", now);
        assertEquals(now + 20 * S, p.answered("a", 20, now), "a TTL between floor and cap is honoured");
        assertEquals(List.of(), p.due(now + 20 * S - 1));
        assertEquals(List.of("a"), p.due(now + 20 * S));
        assertEquals(now + 10 * S, p.answered("a", 0, now), "TTL 0: the floor, never a tight loop");
        assertEquals(now + 10 * S, p.answered("a", 3, now));
        assertEquals(now + 30 * S, p.answered("a", 120, now), "a long TTL: the cap, so changes show within it");
        assertEquals(now + 30 * S, p.answered("a", Long.MAX_VALUE, now), "no overflow");
        assertEquals(now + 10 * S, p.answered("a", -5, now), "a negative TTL counts as 0");
    }

    @Test
    void jitterOnlyEverShortensAndNeverBelowTheFloor() {
        PollSchedule<String> most = schedule(0.999_999);
        long now = 0;
        most.add("a", now);
        long atCap = most.answered("a", 120, now);
        assertTrue(atCap <= 30 * S && atCap >= 24 * S, "cap less up to 20 %: " + atCap);
        assertEquals(10 * S, most.answered("a", 10, now), "the floor is a floor even with jitter");
        long mid = most.answered("a", 20, now);
        assertTrue(mid >= 16 * S && mid < 20 * S, "TTL less up to 20 %: " + mid);
    }

    @Test
    void failuresBackOffFromTheCapDoublingUpToTheMaximumAndAnAnswerResets() {
        PollSchedule<String> p = schedule(0);
        long now = 100 * S;
        p.add("a", now);
        assertEquals(now + 30 * S, p.failed("a", now));
        assertEquals(now + 60 * S, p.failed("a", now));
        assertEquals(now + 120 * S, p.failed("a", now));
        assertEquals(now + 240 * S, p.failed("a", now));
        assertEquals(now + 480 * S, p.failed("a", now));
        assertEquals(now + 600 * S, p.failed("a", now), "capped at 10 minutes");
        for (int i = 0; i < 100; i++) {
            p.failed("a", now);
        }
        assertEquals(now + 600 * S, p.nextDue(), "and stays there, without overflow");
        p.answered("a", 30, now);
        assertEquals(now + 30 * S, p.failed("a", now), "an answer starts the backoff again");
    }

    @Test
    void keysAreBoundedAndRemovable() {
        PollSchedule<String> p = schedule(0);
        for (String k : List.of("a", "b", "c", "d")) {
            assertTrue(p.add(k, 0));
        }
        assertFalse(p.add("e", 0), "a fifth key is refused");
        assertTrue(p.add("a", 0), "a key already held is fine");
        assertEquals(4, p.size());
        p.remove("b");
        assertFalse(p.contains("b"));
        assertTrue(p.add("e", 0));
        assertEquals(List.of("a", "c", "d", "e"), p.due(0));
    }

    @Test
    void nextDueIsTheEarliestKeyAndFollowsTheFakeClockThroughARun() {
        PollSchedule<String> p = schedule(0);
        assertEquals(Long.MAX_VALUE, p.nextDue());
        long now = 0;
        p.add("slow", now);
        p.add("fast", now);
        p.answered("slow", 120, now);
        p.answered("fast", 12, now);
        int fastPolls = 0;
        int slowPolls = 0;
        while (now < 120 * S) { // two minutes of polling, jumping from one due time to the next
            now = p.nextDue();
            for (String k : p.due(now)) {
                if (k.equals("fast")) {
                    fastPolls++;
                    p.answered(k, 12, now);
                } else {
                    slowPolls++;
                    p.answered(k, 120, now);
                }
            }
        }
        assertEquals(10, fastPolls, "every 12 s");
        assertEquals(4, slowPolls, "every 30 s (the cap)");
    }

    @Test
    void aFloorAboveTheCapIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new PollSchedule<String>(Duration.ofSeconds(31), Duration.ofSeconds(30), Duration.ofMinutes(1), 1, () -> 0));
    }
}
