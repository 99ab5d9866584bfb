package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Quitting with mDNS on, on a namespace LAN: a Ctrl-C (SIGINT) that arrives while Parley is already
 * stopping after {@code /quit} is harmless; the stop finishes and the exit code is still 0, not 130.
 */
class LabQuitTest {
    private static final int SECONDS = 20;
    @TempDir
    Path temp;

    @Test
    void aSecondInterruptWhileQuittingIsHarmless() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        try (Lab lab = Lab.create("quit", 2)) {
            HeadlessPeer alice = HeadlessPeer.start(lab, 1, "alice", temp.resolve("alice"));
            HeadlessPeer bob = HeadlessPeer.start(lab, 2, "bob", temp.resolve("bob"));
            try {
                bob.await("alice online", SECONDS, e -> "peer".equals(str(e, "event")) && "alice".equals(str(e, "nick"))
                        && "online".equals(str(e, "state")));
                alice.send("/quit");
                // alice said goodbye: she is inside her stop now (mDNS goodbyes still to come)
                bob.await("alice offline", SECONDS, e -> "peer".equals(str(e, "event"))
                        && "alice".equals(str(e, "nick")) && !"online".equals(str(e, "state")));
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(alice.process().pid())).start();
                assertTrue(kill.waitFor(SECONDS, TimeUnit.SECONDS));
                assertTrue(alice.process().waitFor(SECONDS, TimeUnit.SECONDS), "alice exits");
                assertEquals(0, alice.process().exitValue(), "the quit finished as asked; stderr: " + alice.stderr());
            } finally {
                alice.close();
                bob.close();
            }
        }
    }
}
