package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import dev.parley.lab.LineProcess;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 2, against real processes in a namespace LAN: an attacker (host 3) announces 8
 * instances of bob's fingerprint at a port where nothing listens; then the one true hint (bob runs
 * without mDNS, and an announcer on his host gives his address) comes as a ninth instance. Before,
 * discovery kept the first 8 instances of a fingerprint and refused the rest for good, so alice never
 * dialled bob's address for as long as the fakes lived. Now the failed fakes give way to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileMdnsLabTest {
    private static final int SECONDS = 60;
    private Lab lab;
    private LineProcess attacker;
    /** On bob's host: announces bob's fingerprint at bob's own address, the one true hint. */
    private LineProcess announcer;
    private HeadlessPeer alice;
    private HeadlessPeer bob;

    @TempDir
    static Path temp;

    @BeforeAll
    void buildLab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        lab = Lab.create("hml", 3);
        attacker = LineProcess.attacker(lab, 3);
        announcer = LineProcess.attacker(lab, 2);
    }

    @AfterAll
    void tearDown() throws Exception {
        for (HeadlessPeer p : new HeadlessPeer[] {alice, bob}) {
            if (p != null) {
                p.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void spoofedInstancesAtDeadAddressesNoLongerHideTheRealOne() throws Exception {
        alice = HeadlessPeer.start(lab, 1, "alice", temp.resolve("alice"));
        alice.awaitEvent("ready", SECONDS, e -> true);
        // bob announces nothing himself: the only true hint of him is the one host 2's announcer gives
        bob = HeadlessPeer.start(lab, 2, "bob", temp.resolve("bob"), "--no-mdns");
        String bobFp = str(bob.awaitEvent("ready", SECONDS, e -> true), "fingerprint");
        String[] ready = attacker.until(l -> l.startsWith("READY "), SECONDS).get(0).split(" ");
        String closed = ready[3].substring("closed=".length());
        attacker.send("impersonate " + bobFp + " bob 8 " + closed);
        attacker.until(l -> l.equals("OK impersonate"), SECONDS);
        alice.awaitSeen(0, "bob's fakes", SECONDS, e -> "peer".equals(str(e, "event")) && bobFp.equals(str(e, "fingerprint")));
        int mark = alice.mark();
        long t0 = System.nanoTime();
        announcer.until(l -> l.startsWith("READY "), SECONDS);
        announcer.send("claim " + bobFp + " bob 7447"); // a ninth instance, at bob's real address
        announcer.until(l -> l.equals("OK claim"), SECONDS);
        alice.awaitSeen(mark, "bob online", SECONDS, e -> "peer".equals(str(e, "event"))
                && bobFp.equals(str(e, "fingerprint")) && "online".equals(str(e, "state")));
        System.out.println("HostileMdnsLabTest: past 8 fakes at a dead port, alice reached bob "
                + (System.nanoTime() - t0) / 1_000_000 + " ms after the true hint was announced");
    }
}
