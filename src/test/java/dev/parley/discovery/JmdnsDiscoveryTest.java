package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.net.Inet4Address;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What can be checked without multicast; the namespace lab covers the rest. */
class JmdnsDiscoveryTest {
    static final Advertisement AD = Advertisement.v1("me", TxtRecordTest.FP, 7447, false);
    static final DiscoveryListener IGNORE = new DiscoveryListener() {
        @Override
        public void found(DiscoveredPeer peer) {}

        @Override
        public void lost(String fingerprint) {}
    };

    @Test
    void closeNeverThrowsAndIsIdempotentStartedOrNot() throws Exception {
        new JmdnsDiscovery(List.of(), AD, Runnable::run).close();
        JmdnsDiscovery d = new JmdnsDiscovery(List.of(), AD, Runnable::run);
        d.start(IGNORE);
        d.setNickname("new");
        d.close();
        d.close();
    }

    @Test
    void startsOnlyOnce() throws Exception {
        JmdnsDiscovery d = new JmdnsDiscovery(List.of(), AD, Runnable::run);
        d.start(IGNORE);
        assertThrows(IllegalStateException.class, () -> d.start(IGNORE));
    }

    @Test
    void advertisementValidatesItsFields() {
        assertThrows(IllegalArgumentException.class, () -> Advertisement.v1("me", "SHA256:short", 7447, false));
        assertThrows(IllegalArgumentException.class, () -> Advertisement.v1("me", TxtRecordTest.FP, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Advertisement("me", TxtRecordTest.FP, 7447, 2, 1, false));
        assertEquals("bob", AD.withNickname("bob").nickname());
    }

    @Test
    void neverOffersAddressesNobodyShouldDial() throws Exception {
        Inet4Address[] in = {v4("0.0.0.0"), v4("127.0.0.1"), v4("224.0.0.251"), v4("10.1.2.3"), v4("10.1.2.3")};
        assertEquals(List.of(v4("10.1.2.3")), JmdnsDiscovery.usable(in));
    }

    /** Issue 13, item 10: an attacker's TTL of years is kept no longer than a Parley's own announcement lives. */
    @Test
    void recordsFromTheNetworkAreKeptAtMostTheCappedTtl() {
        javax.jmdns.impl.DNSCache cache = new javax.jmdns.impl.DNSCache();
        int years = Integer.MAX_VALUE / 2;
        javax.jmdns.impl.DNSRecord ptr = new javax.jmdns.impl.DNSRecord.Pointer(JmdnsDiscovery.SERVICE_TYPE,
                javax.jmdns.impl.constants.DNSRecordClass.CLASS_IN, false, years, "fake (AAAA)." + JmdnsDiscovery.SERVICE_TYPE);
        javax.jmdns.impl.DNSRecord txt = new javax.jmdns.impl.DNSRecord.Text("fake (AAAA)." + JmdnsDiscovery.SERVICE_TYPE,
                javax.jmdns.impl.constants.DNSRecordClass.CLASS_IN, true, years, new byte[] {1, 'x'});
        javax.jmdns.impl.DNSRecord brief = new javax.jmdns.impl.DNSRecord.Text("real (BBBB)." + JmdnsDiscovery.SERVICE_TYPE,
                javax.jmdns.impl.constants.DNSRecordClass.CLASS_IN, true, 120, new byte[] {1, 'y'});
        cache.addDNSEntry(ptr);
        cache.addDNSEntry(txt);
        cache.addDNSEntry(brief);
        long afterCap = ptr.getCreated() + JmdnsDiscovery.MAX_RECORD_TTL_SECONDS * 1000L + 1;
        assertEquals(false, ptr.isExpired(afterCap), "as JmDNS alone keeps it");
        assertEquals(2, JmdnsDiscovery.capTtls(cache.allValues(), JmdnsDiscovery.MAX_RECORD_TTL_SECONDS));
        assertEquals(true, ptr.isExpired(afterCap), "JmDNS's reaper drops it once the capped TTL is up");
        assertEquals(true, txt.isExpired(txt.getCreated() + JmdnsDiscovery.MAX_RECORD_TTL_SECONDS * 1000L + 1));
        assertEquals(120, brief.getTTL(), "a shorter TTL is left as it is");
        assertEquals(0, JmdnsDiscovery.capTtls(cache.allValues(), JmdnsDiscovery.MAX_RECORD_TTL_SECONDS));
    }

    @Test
    void theTtlSweepRunsOnTheTimerAndStopsOnClose() throws Exception {
        java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1);
        try {
            JmdnsDiscovery d = new JmdnsDiscovery(List.of(), AD, Runnable::run, timer);
            d.start(IGNORE);
            assertEquals(1, timer.getQueue().size(), "the sweep is scheduled");
            d.close();
            timer.purge();
            assertEquals(0, timer.getQueue().size(), "the sweep is cancelled");
        } finally {
            timer.shutdownNow();
        }
    }

    static Inet4Address v4(String s) {
        return (Inet4Address) InterfaceSelectorTest.ip(s);
    }
}
