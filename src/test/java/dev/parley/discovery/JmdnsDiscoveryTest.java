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

    static Inet4Address v4(String s) {
        return (Inet4Address) InterfaceSelectorTest.ip(s);
    }
}
