package dev.parley.chat;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (6): the model behind /status, bounded. */
class NetworkStatusTest {
    private final NetworkStatus s = new NetworkStatus(Clock.fixed(Instant.parse("2025-01-02T09:05:07Z"), ZoneOffset.UTC));

    @Test
    void saysWhereWeListenTheKeyByHashInterfacesAnnouncementsAndDialFailures() {
        s.listening(List.of("10.0.0.1"), 7447);
        s.networkKey("1a2b3c4d");
        s.interfaceState("eth0", "10.0.0.1, mDNS on");
        s.announcementSeen();
        s.announcementSeen();
        s.announcementIgnored(NetworkStatus.Ignored.OTHER_NETWORK_KEY, "SHA256:bobbobbo");
        s.dialFailed("could not reach 10.0.0.9:7447: connection refused");
        assertEquals(List.of(
                "listening on 10.0.0.1, port 7447",
                "network key: in use, hash 1a2b3c4d (peers must show the same)",
                "interface eth0: 10.0.0.1, mDNS on",
                "announcements: 2 seen; ignored: 1 another network-key setting",
                "  ignored 09:05:07 SHA256:bobbobbo: another network-key setting",
                "dial failures: 1, the latest:",
                "  09:05:07 could not reach 10.0.0.9:7447: connection refused"), s.lines());
    }

    /** Issue 16: each discovery source and its state, after where we listen and the key. */
    @Test
    void eachDiscoverySourceHasItsLine() {
        s.listening(List.of("10.0.0.1"), 7447);
        s.sourcesFrom(() -> List.of(new DiscoveryStatus("mdns", "on", 2, "eth0"),
                new DiscoveryStatus("dns-sd", "failing", 0, "office.example: not authorised (NOTAUTH)")));
        List<String> lines = s.lines();
        assertEquals("discovery mdns: on, 2 peers (eth0)", lines.get(2));
        assertEquals("discovery dns-sd: failing (office.example: not authorised (NOTAUTH))", lines.get(3));
    }

    @Test
    void withoutInterfacesItSaysMdnsIsOff() {
        assertTrue(s.lines().contains("interfaces: none used by discovery (mDNS off); peers can still be added by address"));
    }

    @Test
    void keepsOnlyTheRecentOnesAndCountsTheRest() {
        for (int i = 0; i < 100; i++) {
            s.dialFailed("failure " + i);
            s.announcementIgnored(NetworkStatus.Ignored.OTHER_VERSION, "peer " + i);
        }
        for (int i = 0; i < 1000; i++) {
            s.interfaceState("if" + i, "x");
        }
        List<String> lines = s.lines();
        assertTrue(lines.contains("dial failures: 100, the latest:"), lines.toString());
        assertEquals(NetworkStatus.RECENT, lines.stream().filter(l -> l.contains("failure ")).count());
        assertEquals(NetworkStatus.RECENT, lines.stream().filter(l -> l.startsWith("  ignored")).count());
        assertEquals(NetworkStatus.MAX_INTERFACES, lines.stream().filter(l -> l.startsWith("interface if")).count());
        assertTrue(lines.contains("  09:05:07 failure 99"));
    }
}
