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
    void ourOwnAdvertisementNeverShowsUp() {
        table.resolved("eth0", "me (OAAA)", txt(OWN, "me"), 7447, ips("192.168.1.2"));
        table.removed("eth0", "me (OAAA)");
        assertEquals(List.of(), sink.events);
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
