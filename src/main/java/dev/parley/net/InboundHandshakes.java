package dev.parley.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Accepted connections in their handshake (until registered or dropped), counted by source address,
 * so that the dialer need not dial a peer whose own connection to us is under way. Thread-safe; its
 * lock guards the counts only.
 */
final class InboundHandshakes {
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();

    synchronized void began(InetAddress from) {
        byAddress.merge(from, 1, Integer::sum);
    }

    synchronized void ended(InetAddress from) {
        byAddress.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
    }

    /** Whether a connection from one of these addresses is in its handshake with us. */
    synchronized boolean fromAny(List<InetSocketAddress> addresses) {
        for (InetSocketAddress a : addresses) {
            if (a.getAddress() != null && byAddress.containsKey(a.getAddress())) {
                return true;
            }
        }
        return false;
    }
}
