package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A peer as an mDNS announcement describes it: a hint, never proof (the handshake proves who it is).
 * Fields are already bounded and sanitised by discovery.
 */
public record DiscoveredPeer(String fingerprint, String nickname, List<InetSocketAddress> addresses,
                             int minVersion, int maxVersion, boolean networkKeyRequired) {
    public DiscoveredPeer {
        addresses = List.copyOf(addresses);
    }
}
