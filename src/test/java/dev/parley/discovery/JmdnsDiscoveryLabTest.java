package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Real JmDNS between three hosts in network namespaces this test creates (see {@link NamespaceLab}); each
 * host runs {@link DiscoveryProbe} in its own JVM. The steps build on each other, in order.
 *
 * <p>Records carry a 6-second TTL here ({@code -Dnet.dns.ttl=6}) so that a killed host or a cut link is
 * noticed by record expiry within the test's time; JmDNS's cache reaper runs every 10 s, so expiry is
 * seen within TTL + 10 s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JmdnsDiscoveryLabTest {
    static final int TTL = 6;
    static final Duration SEE = Duration.ofSeconds(10);
    static final Duration GOODBYE = Duration.ofSeconds(5);
    static final Duration EXPIRY = Duration.ofSeconds(TTL + 10 + 10);

    static NamespaceLab lab;
    static final ProbeProcess[] hosts = new ProbeProcess[4];
    static final String[] fps = new String[4];
    /** Nicknames as the probes print them (spaces as underscores). */
    static final String[] nicks = {null, "host_1", "host_2", "host_3"};

    @BeforeAll
    static void buildLab() throws Exception {
        String why = NamespaceLab.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
        lab = NamespaceLab.create(3);
        for (int i = 1; i <= 3; i++) {
            fps[i] = DiscoveryProbe.fingerprint("host" + i);
        }
    }

    @AfterAll
    static void removeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    static ProbeProcess start(int i) throws Exception {
        hosts[i] = lab.probe(i, "host " + i, "host" + i, TTL);
        hosts[i].await("READY", l -> l.startsWith("READY " + fps[i] + " "), SEE);
        return hosts[i];
    }

    static void assertSees(int who, int whom) throws InterruptedException {
        String line = hosts[who].awaitFound(fps[whom], SEE);
        assertTrue(line.contains(" " + nicks[whom] + " " + lab.address(whom) + ":7447 "), line);
    }

    @Test
    @Order(1)
    void threeHostsSeeEachOtherAndNotThemselves() throws Exception {
        for (int i = 1; i <= 3; i++) {
            start(i);
        }
        for (int i = 1; i <= 3; i++) {
            for (int j = 1; j <= 3; j++) {
                if (i != j) {
                    assertSees(i, j);
                }
            }
        }
        for (int i = 1; i <= 3; i++) {
            for (String line : hosts[i].drain()) {
                assertTrue(!line.contains(fps[i]), "host " + i + " reported itself: " + line);
            }
        }
    }

    @Test
    @Order(2)
    void aNewNicknameIsSeenAsAChange() throws Exception {
        hosts[1].send("nick host one");
        nicks[1] = "host_one";
        assertSees(2, 1);
        assertSees(3, 1);
        // re-registration withdraws the old name only after announcing the new: no loss in between
        for (int i = 2; i <= 3; i++) {
            for (String line : hosts[i].drain()) {
                assertTrue(!line.startsWith("LOST "), "host " + i + ": " + line);
            }
        }
    }

    @Test
    @Order(3)
    void cleanCloseSendsGoodbyeAndIsBounded() throws Exception {
        hosts[3].send("close");
        String closed = hosts[3].await("CLOSED", l -> l.startsWith("CLOSED "), Duration.ofSeconds(30));
        long millis = Long.parseLong(closed.split(" ")[1]);
        // Bounded by CLOSE_WAIT, not by JmDNS's own goodbye rounds; the slack is for a busy machine, not a figure.
        assertTrue(millis <= JmdnsDiscovery.CLOSE_WAIT.toMillis() + 10_000, "close took " + millis + " ms");
        hosts[1].awaitLost(fps[3], GOODBYE);
        hosts[2].awaitLost(fps[3], GOODBYE);
        // by now host 1's old name has long been withdrawn; that must not have lost host 1
        for (String line : hosts[2].drain()) {
            assertTrue(!line.startsWith("LOST " + fps[1]), line);
        }
    }

    @Test
    @Order(4)
    void aHostComingBackIsFoundAgain() throws Exception {
        start(3);
        assertSees(1, 3);
        assertSees(2, 3);
        assertSees(3, 1);
        assertSees(3, 2);
    }

    @Test
    @Order(5)
    void aKilledHostIsLostWhenItsRecordsExpire() throws Exception {
        hosts[2].kill();
        hosts[1].awaitLost(fps[2], EXPIRY);
        hosts[3].awaitLost(fps[2], EXPIRY);
    }

    @Test
    @Order(6)
    void aCutLinkIsReportedOnBothSidesAndHealingBringsThePeerBack() throws Exception {
        lab.link(1, false);
        hosts[3].awaitLost(fps[1], EXPIRY);
        hosts[1].awaitLost(fps[3], EXPIRY);
        lab.link(1, true);
        hosts[3].awaitFound(fps[1], EXPIRY);
        hosts[1].awaitFound(fps[3], EXPIRY);
    }
}
