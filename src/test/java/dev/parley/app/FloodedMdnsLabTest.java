package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import dev.parley.lab.LineProcess;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 6, against real processes in a namespace LAN: 300 fake peers announced at a port that
 * takes connections and never answers (each dial there waits out the 5 s handshake timeout) fill
 * alice's discovery table and her dialer. Before, a new real peer was then ignored and a known peer took
 * 638 s to reconnect. Now a new peer (dave) takes the place of a fake that never answered, and a known
 * peer (carol) is dialled ahead of the fakes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FloodedMdnsLabTest {
    private static final int SECONDS = 60;
    private static final int FLOOD = 300;
    private Lab lab;
    private LineProcess attacker;
    private HeadlessPeer alice;
    private HeadlessPeer carol;
    private HeadlessPeer dave;

    @TempDir
    static Path temp;

    @BeforeAll
    void buildLab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        lab = Lab.create("fld", 4);
        attacker = LineProcess.attacker(lab, 3);
    }

    @AfterAll
    void tearDown() throws Exception {
        for (HeadlessPeer p : new HeadlessPeer[] {alice, carol, dave}) {
            if (p != null) {
                p.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aFloodOfPeersThatNeverAnswerLocksOutNeitherANewPeerNorAKnownOne() throws Exception {
        alice = HeadlessPeer.start(lab, 1, "alice", temp.resolve("alice"));
        alice.awaitEvent("ready", SECONDS, e -> true);
        carol = HeadlessPeer.start(lab, 2, "carol", temp.resolve("carol"));
        String carolFp = str(carol.awaitEvent("ready", SECONDS, e -> true), "fingerprint");
        awaitState(alice, 0, carolFp, "online");
        int sent = alice.mark();
        alice.send("/msg carol hello"); // carol is someone alice talks to
        alice.awaitSeen(sent, "delivered", SECONDS, e -> "status".equals(str(e, "event")) && "delivered".equals(str(e, "status")));

        String[] ready = attacker.until(l -> l.startsWith("READY "), SECONDS).get(0).split(" ");
        String tarpit = ready[4].substring("tarpit=".length());
        Set<String> fakes = new HashSet<>();
        attacker.send("flood " + FLOOD + " " + tarpit);
        for (String line : attacker.until(l -> l.startsWith("OK flood"), SECONDS)) {
            if (line.startsWith("FAKE ")) {
                fakes.add(line.substring(5));
            }
        }
        int before = alice.mark();
        long f0 = System.nanoTime();
        for (int seen = 0; seen < 200; ) { // the table fills
            JsonObject e = alice.awaitSeen(before, "200 fakes", SECONDS, x -> "peer".equals(str(x, "event"))
                    && fakes.contains(str(x, "fingerprint")));
            before = alice.all().indexOf(e) + 1;
            seen++;
        }
        long filled = (System.nanoTime() - f0) / 1_000_000;

        int mark = alice.mark();
        long t0 = System.nanoTime();
        dave = HeadlessPeer.start(lab, 4, "dave", temp.resolve("dave"));
        String daveFp = str(dave.awaitEvent("ready", SECONDS, e -> true), "fingerprint");
        awaitState(alice, mark, daveFp, "online");
        long newPeer = (System.nanoTime() - t0) / 1_000_000;

        mark = alice.mark();
        assertEquals(0, carol.quit());
        awaitState(alice, mark, carolFp, "offline");
        mark = alice.mark();
        long t1 = System.nanoTime();
        carol = HeadlessPeer.start(lab, 2, "carol", temp.resolve("carol"));
        awaitState(alice, mark, carolFp, "online");
        long known = (System.nanoTime() - t1) / 1_000_000;
        long events = alice.all().stream().filter(e -> "peer".equals(str(e, "event"))).count();
        System.out.println("FloodedMdnsLabTest: " + FLOOD + " fakes at a tarpit; 200 of them shown within " + filled
                + " ms; a new peer online " + newPeer + " ms after its start; a known peer back online " + known
                + " ms after its restart; alice's peer events in all: " + events);
    }

    private static void awaitState(HeadlessPeer p, int from, String fp, String state) throws InterruptedException {
        p.awaitSeen(from, fp + " " + state, SECONDS, e -> "peer".equals(str(e, "event"))
                && fp.equals(str(e, "fingerprint")) && state.equals(str(e, "state")));
    }
}
