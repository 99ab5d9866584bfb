package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link PingLedger} with values: nonces, marks and times passed in. */
class PingLedgerTest {
    private static final long T0 = 1_000_000_000_000L;

    @Test
    void nothingIsConfirmedOrAwaitedAtFirst() {
        PingLedger l = new PingLedger();
        assertEquals(StreamMark.START, l.confirmed());
        assertFalse(l.awaiting(T0));
    }

    @Test
    void aPongConfirmsUpToItsPingAndThePingsBeforeIt() {
        PingLedger l = new PingLedger();
        l.sent(11, new StreamMark(100, 2), T0);
        l.sent(22, new StreamMark(300, 5), T0 + 1);
        l.sent(33, new StreamMark(700, 9), T0 + 2);
        assertTrue(l.answered(PingLedger.body(22)));
        assertEquals(new StreamMark(300, 5), l.confirmed());
        assertFalse(l.answered(PingLedger.body(11)), "answered already by the later PONG");
        assertTrue(l.awaiting(T0 + 3), "the last PING still awaits its PONG");
        assertTrue(l.answered(PingLedger.body(33)));
        assertEquals(new StreamMark(700, 9), l.confirmed());
        assertFalse(l.awaiting(T0 + 3));
    }

    @Test
    void aForgedOrMalformedPongChangesNothing() {
        PingLedger l = new PingLedger();
        l.sent(42, new StreamMark(100, 1), T0);
        assertFalse(l.answered(PingLedger.body(43)));
        assertFalse(l.answered(new byte[7]));
        assertFalse(l.answered(new byte[0]));
        assertEquals(StreamMark.START, l.confirmed());
        assertTrue(l.awaiting(T0));
    }

    @Test
    void aPingUnansweredForASecondIsNoLongerAwaited() {
        PingLedger l = new PingLedger();
        l.sent(1, new StreamMark(100, 1), T0);
        assertTrue(l.awaiting(T0 + PingLedger.STALE_NANOS - 1));
        assertFalse(l.awaiting(T0 + PingLedger.STALE_NANOS), "its PONG may have been dropped");
    }

    @Test
    void onlyTheLastFewPingsAreRemembered() {
        PingLedger l = new PingLedger();
        for (int k = 0; k <= PingLedger.TRACKED; k++) {
            l.sent(k, new StreamMark(100L * (k + 1), k + 1), T0 + k);
        }
        assertFalse(l.answered(PingLedger.body(0)), "the oldest was forgotten");
        assertTrue(l.answered(PingLedger.body(1)));
        assertEquals(new StreamMark(200, 2), l.confirmed());
    }

    @Test
    void confirmationNeverGoesBack() {
        PingLedger l = new PingLedger();
        l.sent(1, new StreamMark(100, 1), T0);
        l.sent(2, new StreamMark(200, 2), T0);
        assertTrue(l.answered(PingLedger.body(2)));
        l.sent(3, new StreamMark(50, 1), T0); // cannot happen in a stream, but a mark never moves back
        assertTrue(l.answered(PingLedger.body(3)));
        assertEquals(new StreamMark(200, 2), l.confirmed());
    }
}
