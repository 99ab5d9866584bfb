package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link InlineBudget} with values. */
class InlineBudgetTest {
    private static final long UNSET = Long.MAX_VALUE;

    @Test
    void aQuarterOfTheSendBufferAtMost32KiBAnd32Records() {
        assertEquals(new InlineBudget(4096, 8), InlineBudget.of(16 * 1024, UNSET));
        assertEquals(new InlineBudget(10240, 20), InlineBudget.of(40 * 1024, UNSET));
        assertEquals(new InlineBudget(32 * 1024, 32), InlineBudget.of(4 << 20, UNSET));
    }

    @Test
    void atMostHalfOfTheKernelsUnsentLimit() {
        assertEquals(new InlineBudget(8192, 16), InlineBudget.of(4 << 20, 16 * 1024));
    }

    @Test
    void aTinyBufferStillAllowsTwoRecords() {
        assertEquals(2, InlineBudget.of(1024, UNSET).records());
    }

    @Test
    void writesGoAheadWithinTheBudgetAndAskForConfirmationAtHalf() {
        InlineBudget b = new InlineBudget(1000, 10);
        StreamMark confirmed = new StreamMark(5000, 50);
        assertTrue(b.allows(new StreamMark(6000, 60), confirmed));
        assertFalse(b.allows(new StreamMark(6001, 55), confirmed), "over in bytes");
        assertFalse(b.allows(new StreamMark(5500, 61), confirmed), "over in records");
        assertFalse(b.wantsConfirmation(new StreamMark(5499, 54), confirmed));
        assertTrue(b.wantsConfirmation(new StreamMark(5500, 51), confirmed), "half the bytes");
        assertTrue(b.wantsConfirmation(new StreamMark(5001, 55), confirmed), "half the records");
    }
}
