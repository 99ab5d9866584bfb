package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.chat.DiscoveredPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SourceMergeTest {
    static final String FP = "SHA256:" + "A".repeat(43);
    static final String OTHER = "SHA256:" + "B".repeat(42) + "A";

    static DiscoveredPeer peer(String fp, String nick, String... addresses) {
        List<InetSocketAddress> a = new ArrayList<>();
        for (String s : addresses) {
            a.add(new InetSocketAddress(s, 7447));
        }
        return new DiscoveredPeer(fp, nick, a, 1, 1, false);
    }

    @Test
    void onePeerSeenByBothSourcesIsOnePeerWithTheUnionOfAddressesMdnsFirst() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        assertEquals(peer(FP, "bob", "10.0.2.2"), m.found("dns-sd", peer(FP, "bob", "10.0.2.2")).peer());
        SourceMerge.Change both = m.found("mdns", peer(FP, "bob", "192.168.1.5", "10.0.2.2"));
        assertEquals(List.of(new InetSocketAddress("192.168.1.5", 7447), new InetSocketAddress("10.0.2.2", 7447)),
                both.peer().addresses());
        assertEquals(1, m.size());
        assertEquals(1, m.count("mdns"));
        assertEquals(1, m.count("dns-sd"));
    }

    @Test
    void theSameViewAgainIsNoChange() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        m.found("mdns", peer(FP, "bob", "10.0.0.2"));
        assertNull(m.found("mdns", peer(FP, "bob", "10.0.0.2")));
        assertNull(m.found("dns-sd", peer(FP, "bob", "10.0.0.2")), "a second source with nothing new");
    }

    @Test
    void lostOnlyWhenNoSourceSeesThePeer() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        m.found("mdns", peer(FP, "bob", "10.0.0.2"));
        m.found("dns-sd", peer(FP, "bob", "10.0.9.2"));
        SourceMerge.Change partly = m.lost("mdns", FP);
        assertEquals(List.of(new InetSocketAddress("10.0.9.2", 7447)), partly.peer().addresses(), "still found, fewer addresses");
        assertNull(m.lost("mdns", FP), "a source that had lost it already");
        SourceMerge.Change gone = m.lost("dns-sd", FP);
        assertEquals(FP, gone.fingerprint());
        assertNull(gone.peer());
        assertEquals(0, m.size());
        assertNull(m.lost("dns-sd", OTHER), "never seen");
    }

    @Test
    void theNicknameOfTheSourceThatSpokeLastWins() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        m.found("mdns", peer(FP, "bob", "10.0.0.2"));
        assertEquals("robert", m.found("dns-sd", peer(FP, "robert", "10.0.0.2")).peer().nickname());
        assertEquals("bob", m.found("mdns", peer(FP, "bob", "10.0.0.2")).peer().nickname());
    }

    @Test
    void addressesStayBounded() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        String[] many = new String[PeerTable.MAX_ADDRESSES_PER_PEER];
        String[] more = new String[PeerTable.MAX_ADDRESSES_PER_PEER];
        for (int i = 0; i < many.length; i++) {
            many[i] = "10.0.1." + (i + 1);
            more[i] = "10.0.2." + (i + 1);
        }
        m.found("mdns", peer(FP, "bob", many));
        assertNull(m.found("dns-sd", peer(FP, "bob", more)), "mDNS's addresses fill the bound; nothing changes");
    }

    @Test
    void peersAreKeptApartByFingerprint() {
        SourceMerge m = new SourceMerge(List.of("mdns", "dns-sd"));
        m.found("mdns", peer(FP, "bob", "10.0.0.2"));
        m.found("dns-sd", peer(OTHER, "bob", "10.0.0.2"));
        assertEquals(2, m.size(), "the same address and nickname under another key is another peer (a hint each)");
    }
}
