package dev.parley.identity;

import java.time.Instant;
import java.util.List;

/**
 * A trust decision, kept across runs: the peer's key, last nickname, first and last seen, whether the
 * user verified it, the addresses (HOST:PORT) it was reached at by hand, to be dialled at start, and
 * whether the user ignores it ({@code /ignore}: no session with it is kept).
 */
public record KnownPeer(String fingerprint, byte[] publicKey, String nickname, Instant firstSeen,
                        Instant lastSeen, boolean verified, List<String> addresses, boolean ignored) {
    public KnownPeer {
        publicKey = publicKey.clone();
        addresses = List.copyOf(addresses);
    }

    /** A peer the user does not ignore. */
    public KnownPeer(String fingerprint, byte[] publicKey, String nickname, Instant firstSeen, Instant lastSeen,
                     boolean verified, List<String> addresses) {
        this(fingerprint, publicKey, nickname, firstSeen, lastSeen, verified, addresses, false);
    }

    /** This decision with {@code ignored} set as given. */
    public KnownPeer withIgnored(boolean ignore) {
        return new KnownPeer(fingerprint, publicKey, nickname, firstSeen, lastSeen, verified, addresses, ignore);
    }

    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }
}
