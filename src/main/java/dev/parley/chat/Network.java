package dev.parley.chat;

import java.net.InetSocketAddress;
import java.util.List;

/** The chat engine's view of the network, implemented by {@code net}. Thread-safe, never blocks. */
public interface Network {
    /**
     * Keep a session with this peer: dial now, and again with backoff after a drop, until
     * {@link #forget}. {@code expectedFingerprint} is what discovery announced (a session proving
     * another key is refused as a spoof), or null for an address the user gave.
     */
    void want(String expectedFingerprint, List<InetSocketAddress> addresses);

    /**
     * As {@link #want(String, List)}; a {@code known} peer (one that proved its key before) is dialled
     * before peers only discovery vouches for, and some dials are kept for such peers, so a flood of
     * announcements cannot keep a known peer waiting.
     */
    default void want(String expectedFingerprint, List<InetSocketAddress> addresses, boolean known) {
        want(expectedFingerprint, addresses);
    }

    /** Stop redialling this peer (it left the LAN). Its live session, if any, stays up. */
    void forget(String fingerprint);

    /**
     * Dial an address now, whoever answers (the {@code connect} command, {@code --peer}); if nobody
     * answers, report it ({@link SessionListener#dialFailed}) and try a few more times with backoff.
     */
    void dial(InetSocketAddress address);
}
