package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link KeepAlive} over fake sessions: who is pinged, who is ended, and why. */
class KeepAliveTest {
    private static final Duration PING_AFTER = Duration.ofSeconds(10);
    private static final Duration DEAD_AFTER = Duration.ofSeconds(30);

    /** A session idle for given times that records what the keep-alive did to it. */
    private static final class Fake implements KeepAlive.Watched {
        final long idleReceive;
        final long idleSend;
        int pings;
        String ended;

        Fake(long idleReceive, long idleSend) {
            this.idleReceive = idleReceive;
            this.idleSend = idleSend;
        }

        @Override public long idleReceiveMillis() { return idleReceive; }
        @Override public long idleSendMillis() { return idleSend; }
        @Override public void ping() { pings++; }
        @Override public void endSilent(String reason) { ended = reason; }
    }

    @Test
    void aSessionWeHaveBeenQuietOnIsPinged() {
        Fake quiet = new Fake(0, 10_000);
        Fake busy = new Fake(0, 9_999);
        new KeepAlive(PING_AFTER, DEAD_AFTER, () -> List.of(quiet, busy), List::of).run();
        assertEquals(1, quiet.pings);
        assertEquals(0, busy.pings);
        assertNull(quiet.ended);
    }

    @Test
    void aPeerSilentTooLongIsEndedAndNotPinged() {
        Fake silent = new Fake(30_000, 60_000);
        Fake almost = new Fake(29_999, 0);
        new KeepAlive(PING_AFTER, DEAD_AFTER, () -> List.of(silent, almost), List::of).run();
        assertEquals("peer silent for 30 s", silent.ended);
        assertEquals(0, silent.pings);
        assertNull(almost.ended);
    }

    /** Idle receive is 0 while the reader handles a record, however long: that is never silence. */
    @Test
    void aReaderHeldByItsListenerIsNotSilent() {
        Fake held = new Fake(0, 0);
        new KeepAlive(PING_AFTER, DEAD_AFTER, () -> List.of(held), List::of).run();
        assertNull(held.ended);
    }

    @Test
    void aReplacedSessionWhosePeerStaysSilentIsEndedButNeverPinged() {
        Fake silent = new Fake(30_000, 60_000);
        Fake talking = new Fake(10, 60_000);
        new KeepAlive(PING_AFTER, DEAD_AFTER, List::of, () -> List.of(silent, talking)).run();
        assertEquals("closed; peer silent for 30 s", silent.ended);
        assertNull(talking.ended);
        assertEquals(0, silent.pings + talking.pings);
    }

    @Test
    void itRunsTwiceInEachPingInterval() {
        assertEquals(5000, new KeepAlive(PING_AFTER, DEAD_AFTER, List::of, List::of).periodMillis());
        assertEquals(100, new KeepAlive(Duration.ofMillis(50), DEAD_AFTER, List::of, List::of).periodMillis());
    }
}
