package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * An immutable snapshot of one peer, as front ends see it. {@code conflictsWith} is the fingerprint of
 * the known peer whose nickname this one claims with another key (trust CHANGED), else null;
 * {@code ignored}: the user ignores it ({@code /ignore}), so no session with it is kept.
 */
public record PeerInfo(String fingerprint, String nickname, List<InetSocketAddress> addresses,
                       PeerState state, Trust trust, Presence presence, String conflictsWith, boolean ignored) {
    public PeerInfo {
        addresses = List.copyOf(addresses);
    }

    /** A peer the user does not ignore. */
    public PeerInfo(String fingerprint, String nickname, List<InetSocketAddress> addresses, PeerState state,
                    Trust trust, Presence presence, String conflictsWith) {
        this(fingerprint, nickname, addresses, state, trust, presence, conflictsWith, false);
    }

    /** The first 8 characters after {@code SHA256:}, enough for a person to tell two peers apart. */
    public String shortFingerprint() {
        int start = fingerprint.indexOf(':') + 1;
        return fingerprint.substring(start, Math.min(fingerprint.length(), start + 8));
    }
}
