package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class PeerTableTest {
    static final String OWN = fp('O');
    static final String ALICE = fp('A');
    static final String BOB = fp('B');

    /** A canonical fingerprint whose body starts with {@code c}. */
    static String fp(char c) {
        return "SHA256:" + c + "A".repeat(41) + "E";
    }

    /** Records events as strings, in order. */
    static final class Recorder implements DiscoveryListener {
        final List<String> events = new ArrayList<>();
        final List<DiscoveredPeer> found = new ArrayList<>();

        @Override
        public void found(DiscoveredPeer peer) {
            found.add(peer);
            events.add("found " + peer.nickname() + " " + peer.addresses().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList());
        }

        @Override
        public void lost(String fingerprint) {
            events.add("lost " + fingerprint.charAt(7));
        }

        @Override
        public void ownAnnouncement() {
            events.add("own");
        }
    }

    final Recorder sink = new Recorder();
    long now;
    final PeerTable table = new PeerTable(OWN, 3, sink, () -> now);

    static List<InetAddress> ips(String... s) {
        return java.util.Arrays.stream(s).map(InterfaceSelectorTest::ip).toList();
    }

    static TxtRecord txt(String fp, String nick) {
        return new TxtRecord(fp, nick, 1, 1, false);
    }

    @Test
    void onePeerOnTwoInterfacesIsOnePeerWithBothAddresses() {
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("192.168.1.5"));
        table.resolved("wlan0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("10.0.0.5"));
        assertEquals(List.of("found alice [192.168.1.5:7447]", "found alice [192.168.1.5:7447, 10.0.0.5:7447]"),
                sink.events);
        assertEquals(1, table.size());
        DiscoveredPeer last = sink.found.get(1);
        assertEquals(ALICE, last.fingerprint());
        assertEquals(List.of(new InetSocketAddress(InterfaceSelectorTest.ip("192.168.1.5"), 7447),
                new InetSocketAddress(InterfaceSelectorTest.ip("10.0.0.5"), 7447)), last.addresses());
    }

    @Test
    void lostOnlyWhenLostOnEveryInterface() {
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("192.168.1.5"));
        table.resolved("wlan0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("10.0.0.5"));
        table.removed("eth0", "alice (AAAA)");
        table.removed("eth0", "alice (AAAA)"); // repeated removal is harmless
        table.removed("wlan0", "alice (AAAA)");
        assertEquals(List.of("found alice [192.168.1.5:7447]", "found alice [192.168.1.5:7447, 10.0.0.5:7447]",
                "found alice [10.0.0.5:7447]", "lost A"), sink.events);
        assertEquals(0, table.size());
    }

    @Test
    void repeatedResolutionIsReportedOnceAndChangesAgain() {
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("192.168.1.5"));
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alice"), 7447, ips("192.168.1.5"));
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alicia"), 7447, ips("192.168.1.5"));
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alicia"), 7448, ips("192.168.1.5"));
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alicia"), 7448, ips("192.168.1.6"));
        assertEquals(List.of("found alice [192.168.1.5:7447]", "found alicia [192.168.1.5:7447]",
                "found alicia [192.168.1.5:7448]", "found alicia [192.168.1.6:7448]"), sink.events);
    }

    @Test
    void ourOwnAdvertisementIsNeverAPeerOnlyCounted() {
        table.resolved("eth0", "me (OAAA)", txt(OWN, "me"), 7447, ips("192.168.1.2"));
        table.resolved("wlan0", "me (OAAA)", txt(OWN, "me"), 7447, ips("10.0.0.2"));
        table.removed("eth0", "me (OAAA)");
        assertEquals(List.of("own", "own"), sink.events, "heard on each interface, never found nor lost");
        assertEquals(0, table.size());
    }

    @Test
    void announcementsWithoutAddressesAreNotPeersYet() {
        table.resolved("eth0", "alice (AAAA)", txt(ALICE, "alice"), 7447, List.of());
        assertEquals(List.of(), sink.events);
    }

    @Test
    void removalOfAnUnknownInstanceIsIgnored() {
        table.removed("eth0", "nobody");
        assertEquals(List.of(), sink.events);
    }

    @Test
    void anInstanceNameTakenOverByAnotherIdentityLosesTheFirst() {
        table.resolved("eth0", "x", txt(ALICE, "alice"), 7447, ips("192.168.1.5"));
        table.resolved("eth0", "x", txt(BOB, "bob"), 7447, ips("192.168.1.5"));
        assertEquals(List.of("found alice [192.168.1.5:7447]", "lost A", "found bob [192.168.1.5:7447]"), sink.events);
    }

    @Test
    void holdsAtMostMaxPeersAndLogsOverflowAtABoundedRate() {
        for (char c = 'C'; c <= 'H'; c++) {
            table.resolved("eth0", "p" + c, txt(fp(c), "p" + c), 7447, ips("192.168.1.5"));
        }
        assertEquals(3, table.size());
        assertEquals(List.of("found pC [192.168.1.5:7447]", "found pD [192.168.1.5:7447]",
                "found pE [192.168.1.5:7447]"), sink.events);
        // a known peer still updates; after one leaves, a new one fits
        table.resolved("eth0", "pC", txt(fp('C'), "pC2"), 7447, ips("192.168.1.5"));
        table.removed("eth0", "pD");
        table.resolved("eth0", "pH", txt(fp('H'), "pH"), 7447, ips("192.168.1.5"));
        assertEquals(3, table.size());
        assertTrue(sink.events.contains("found pH [192.168.1.5:7447]"));
    }

    @Test
    void capsInstancesAndAddressesPerPeer() {
        for (int i = 0; i < 20; i++) {
            table.resolved("eth0", "alice " + i, txt(ALICE, "alice"), 7447, ips("10.0.0." + (i + 1)));
        }
        DiscoveredPeer last = sink.found.get(sink.found.size() - 1);
        assertEquals(PeerTable.MAX_INSTANCES_PER_PEER, last.addresses().size());
    }

    // ---- hints ranked by evidence (issue 13, items 2 and 6)

    int rescans;
    final PeerTable ranked = new PeerTable(OWN, 3, sink, () -> rescans++, () -> now);

    static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(InterfaceSelectorTest.ip(ip), port);
    }

    /** An attacker announces bob's fingerprint 8 times at dead addresses before bob's own announcement. */
    private void eightFakesOfBob() {
        for (int i = 1; i <= PeerTable.MAX_INSTANCES_PER_PEER; i++) {
            ranked.resolved("eth0", "bob fake " + i, txt(BOB, "bob"), 7447, ips("10.9.9." + i));
        }
    }

    @Test
    void spoofedInstancesAtDeadAddressesGiveWayToTheRealOneOnceTheyFail() {
        eightFakesOfBob();
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        DiscoveredPeer before = sink.found.get(sink.found.size() - 1);
        assertFalse(before.addresses().contains(at("192.168.1.7", 7447)), "nothing tells the real one apart yet");
        assertEquals(0, rescans);
        // the dialer tries the fakes: each failure is evidence, and the refused one is asked for again
        for (int i = 1; i <= PeerTable.MAX_INSTANCES_PER_PEER; i++) {
            ranked.evidence(BOB, at("10.9.9." + i, 7447), false);
        }
        assertEquals(1, rescans, "one rescan asked for: the refused announcement is reconsidered");
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7")); // what the rescan offers
        DiscoveredPeer after = sink.found.get(sink.found.size() - 1);
        assertEquals(at("192.168.1.7", 7447), after.addresses().get(0), "an untried hint ranks above failed ones");
        assertEquals(8, after.addresses().size(), "the real one took the place of a failed fake");
    }

    @Test
    void aHintThatWorkedIsNeverCrowdedOutByNewOnes() {
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        ranked.evidence(BOB, at("192.168.1.7", 7447), true);
        for (int i = 1; i <= 3 * PeerTable.MAX_INSTANCES_PER_PEER; i++) {
            ranked.resolved("eth0", "bob fake " + i, txt(BOB, "mallory says bob"), 7447, ips("10.9.9." + i));
        }
        DiscoveredPeer last = sink.found.get(sink.found.size() - 1);
        assertEquals(at("192.168.1.7", 7447), last.addresses().get(0), "the address that worked is tried first");
        assertEquals("bob", last.nickname(), "the nickname of the announcement that worked");
        // bob restarts: one failure ranks it below untried fakes no more than once-worked allows
        ranked.evidence(BOB, at("192.168.1.7", 7447), false);
        ranked.resolved("eth0", "bob fake 99", txt(BOB, "mallory says bob"), 7447, ips("10.9.8.1"));
        last = sink.found.get(sink.found.size() - 1);
        assertEquals(at("192.168.1.7", 7447), last.addresses().get(0), "an address that once worked stays first");
    }

    @Test
    void afterTheAttackStopsTheRealInstanceIsBack() {
        eightFakesOfBob();
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        for (int i = 1; i <= PeerTable.MAX_INSTANCES_PER_PEER; i++) {
            ranked.removed("eth0", "bob fake " + i); // the fakes expire or say goodbye
        }
        assertTrue(rescans >= 1, "a slot freed while something was refused: a rescan is asked for");
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        assertEquals(List.of(at("192.168.1.7", 7447)), sink.found.get(sink.found.size() - 1).addresses());
    }

    @Test
    void aFailedHintCountsAsUntriedAgainAfterAWhile() {
        eightFakesOfBob();
        ranked.evidence(BOB, at("10.9.9.1", 7447), false);
        List<InetSocketAddress> failedOne = sink.found.get(sink.found.size() - 1).addresses();
        assertEquals(at("10.9.9.1", 7447), failedOne.get(failedOne.size() - 1), "a failed address is tried last");
        now += PeerTable.FAILURE_MEMORY_NANOS + 1;
        ranked.evidence(BOB, at("10.9.9.8", 7447), false);
        List<InetSocketAddress> later = sink.found.get(sink.found.size() - 1).addresses();
        assertEquals(at("10.9.9.1", 7447), later.get(0), "an old failure is forgotten: " + later);
        assertEquals(at("10.9.9.8", 7447), later.get(later.size() - 1));
    }

    @Test
    void aFullTableMakesRoomForANewPeerByDroppingOneThatNeverAnswered() {
        for (char c = 'C'; c <= 'E'; c++) {
            ranked.resolved("eth0", "fake" + c, txt(fp(c), "fake" + c), 7447, ips("10.9.9." + (c - 'A')));
        }
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        assertFalse(ranked.holds("eth0", "bob (BAAA)"), "full of peers that may answer");
        ranked.evidence(fp('D'), at("10.9.9.3", 7447), false);
        assertEquals(1, rescans);
        ranked.resolved("eth0", "bob (BAAA)", txt(BOB, "bob"), 7447, ips("192.168.1.7"));
        assertTrue(ranked.holds("eth0", "bob (BAAA)"));
        assertTrue(sink.events.contains("lost D"), "the peer that never answered is dropped: " + sink.events);
        assertEquals(3, ranked.size());
    }

    @Test
    void rateLimitedLogSuppressesWithinTheInterval() {
        RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(PeerTableTest.class), 1, TimeUnit.MINUTES,
                () -> now);
        assertTrue(log.warn("first"));
        now += TimeUnit.SECONDS.toNanos(59);
        assertFalse(log.warn("second"));
        now += TimeUnit.SECONDS.toNanos(1);
        assertTrue(log.warn("third"));
    }
}
