package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompatiblePeersTest {
    private final List<String> seen = new ArrayList<>();
    private final DiscoveryListener recorder = new DiscoveryListener() {
        @Override public void found(DiscoveredPeer peer) { seen.add("found " + peer.nickname()); }
        @Override public void lost(String fingerprint) { seen.add("lost " + fingerprint); }
    };

    private static DiscoveredPeer peer(String nick, int min, int max, boolean key) {
        return new DiscoveredPeer("SHA256:" + nick, nick, List.of(new InetSocketAddress("10.0.0.1", 7447)), min, max, key);
    }

    @Test
    void onlyPeersWithTheSameKeySettingAndACommonVersionPass() {
        CompatiblePeers withoutKey = new CompatiblePeers(recorder, false, 1, 1);
        withoutKey.found(peer("plain", 1, 1, false));
        withoutKey.found(peer("keyed", 1, 1, true));
        withoutKey.found(peer("future", 2, 3, false));
        withoutKey.found(peer("wide", 1, 9, false));
        assertEquals(List.of("found plain", "lost SHA256:keyed", "lost SHA256:future", "found wide"), seen);

        seen.clear();
        CompatiblePeers withKey = new CompatiblePeers(recorder, true, 1, 1);
        withKey.found(peer("plain", 1, 1, false));
        withKey.found(peer("keyed", 1, 1, true));
        assertEquals(List.of("lost SHA256:plain", "found keyed"), seen);
    }

    @Test
    void theLossOfAPeerThatWasNeverPassedOnIsNotPassedOnAgain() {
        CompatiblePeers f = new CompatiblePeers(recorder, false, 1, 1);
        f.found(peer("keyed", 1, 1, true));
        f.found(peer("keyed", 1, 1, true));
        f.lost("SHA256:keyed");
        f.found(peer("plain", 1, 1, false));
        f.lost("SHA256:plain");
        assertEquals(List.of("lost SHA256:keyed", "found plain", "lost SHA256:plain"), seen);
    }

    @Test
    void aPeerThatChangesItsKeySettingComesAndGoes() {
        CompatiblePeers f = new CompatiblePeers(recorder, false, 1, 1);
        f.found(peer("bob", 1, 1, false));
        f.found(peer("bob", 1, 1, true));
        f.found(peer("bob", 1, 1, false));
        assertEquals(List.of("found bob", "lost SHA256:bob", "found bob"), seen);
    }

    @Test
    void whatItIgnoresAndWhyGoesToTheStatus() {
        dev.parley.chat.NetworkStatus status = new dev.parley.chat.NetworkStatus(java.time.Clock.systemUTC());
        CompatiblePeers f = new CompatiblePeers(recorder, "SHA256:alice", false, 1, 1, status);
        f.found(peer("bob", 1, 1, false));
        f.found(peer("carl", 1, 1, true));
        f.found(peer("dave", 2, 3, false));
        List<String> lines = status.lines();
        org.junit.jupiter.api.Assertions.assertTrue(lines.contains(
                "announcements: 3 seen; ignored: 1 another network-key setting, 1 no protocol version in common"),
                lines.toString());
    }

    @Test
    void ourOwnAnnouncementsAreSeenAndIgnoredAsOurOwnAndNeverReachTheEngine() {
        dev.parley.chat.NetworkStatus status = new dev.parley.chat.NetworkStatus(java.time.Clock.systemUTC());
        CompatiblePeers f = new CompatiblePeers(recorder, "SHA256:alice", false, 1, 1, status);
        f.ownAnnouncement(); // discovery heard ours (it drops it, and says so)
        f.ownAnnouncement(); // on a second interface
        f.found(peer("alice", 1, 1, false)); // a source that passed ours on as a peer
        f.lost("SHA256:alice");
        f.found(peer("bob", 1, 1, false));
        f.found(peer("carl", 1, 1, true));
        assertEquals(List.of("found bob", "lost SHA256:carl"), seen, "ours is neither found nor lost");
        List<String> lines = status.lines();
        org.junit.jupiter.api.Assertions.assertTrue(lines.contains(
                "announcements: 5 seen; ignored: 1 another network-key setting, 3 our own"), lines.toString());
    }
}
