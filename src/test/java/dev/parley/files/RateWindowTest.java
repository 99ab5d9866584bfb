package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The rate after a resume counts only the bytes moved since the first data, not the prefix that was re-read
 * (nor the time the re-read took).
 */
class RateWindowTest {
    @Test
    void theReReadPrefixAndItsTimeDoNotCount() {
        RateWindow w = new RateWindow();
        w.shut(); // a resume: 1 GB already there, re-read for 60 s
        assertEquals(-1, w.sample(60_000, 1_000_000_000L), "nothing measured while the prefix is re-read");
        w.restart(60_000, 1_000_000_000L); // an event meanwhile ("checking what arrived before") opens nothing
        w.open(60_000, 1_000_000_000L); // the first data
        assertEquals(2_000_000, w.sample(60_500, 1_001_000_000L), "1 MB in half a second");
        assertEquals(4_000_000, w.sample(61_000, 1_003_000_000L), "each sample starts the next window");
    }

    @Test
    void aRestartAtAnEventStartsTheWindowThere() {
        RateWindow w = new RateWindow();
        w.open(0, 0);
        w.restart(10_000, 500); // paused for 10 s, then an event on resume
        assertEquals(1000, w.sample(11_000, 1500));
        assertEquals(-1, w.sample(11_000, 1500), "no time passed: no rate");
        assertEquals(0, w.sample(12_000, 1000), "never negative");
    }
}
