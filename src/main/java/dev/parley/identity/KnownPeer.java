package dev.parley.identity;

import java.time.Instant;
import java.util.List;

/**
 * A trust decision, kept across runs: the peer's key, last nickname, first and last seen, whether the
 * user verified it, and the addresses (HOST:PORT) it was reached at by hand, to be dialled at start.
 */
public record KnownPeer(String fingerprint, byte[] publicKey, String nickname, Instant firstSeen,
                        Instant lastSeen, boolean verified, List<String> addresses) {
    public KnownPeer {
        publicKey = publicKey.clone();
        addresses = List.copyOf(addresses);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
