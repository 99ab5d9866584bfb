package dev.parley.chat;

import java.net.InetSocketAddress;

/**
 * Events from {@code net}, each made holding no lock of {@code net}'s. For one session, up, records and
 * down arrive in that order, on that session's own reader thread, and never overlap; calls for
 * different sessions may come from different threads at once. When a newer connection with a peer
 * replaces its session, the newer one's up may come before the older one's down, and a record of the
 * older one may still be under way when the newer one comes up.
 */
public interface SessionListener {
    /**
     * A session is authenticated and is now the only one with this peer. On the I/O thread that
     * authenticated it, which goes on to read its records. Must not block.
     */
    void sessionUp(Session session);

    /**
     * A record from the peer, on the session's reader thread. May block: nothing more is read from this
     * session (nor answered, PINGs included) until it returns, so TCP's flow control holds back that one
     * peer and no other; the time spent here does not count as the peer being silent. The session can
     * still be closed meanwhile, from any thread.
     */
    void received(Session session, ChatRecord record);

    /** The session ended, on its reader thread, after its last record. Must not block. */
    void sessionDown(Session session, String reason);

    /**
     * A dial the user asked for ({@code connect}) failed its first attempt; {@code reason} is for the
     * user. More attempts follow (see {@link #dialAbandoned}). On the dialling I/O thread. Must not block.
     */
    default void dialFailed(InetSocketAddress address, String reason) {}

    /**
     * The last attempt of a dial the user asked for failed: nothing more will be tried at that address
     * until asked again. On the dialling I/O thread. Must not block.
     */
    default void dialAbandoned(InetSocketAddress address) {}

    /**
     * Dials to {@code address} (of the peer {@code fingerprint}, or null for a dial by address) ended
     * {@code times} times in a row right after our first handshake message, without a reply: what a Parley
     * peer with another network key does (it may also have no protocol version in common, or be stopping).
     * Once per such run of failures. On the dialling I/O thread. Must not block.
     */
    default void handshakeUnanswered(InetSocketAddress address, String fingerprint, int times) {}

    /**
     * A connection from {@code from} sent a first handshake message that fails our network-key check: a
     * Parley peer with another network key ({@code theyUseAKey}: it says it uses one). It was closed without
     * a reply, as every failed handshake is. Rate-limited by the caller, per address and overall (one call
     * a minute at most, however many addresses): {@code moreAddresses} refusals from other addresses were
     * not told since the previous call. On an I/O thread. Must not block.
     */
    default void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int moreAddresses) {}

    /**
     * A peer proved a key other than the fingerprint its announcement claimed; the session was refused.
     * On the dialling I/O thread. Must not block.
     */
    default void spoofDetected(String announced, String proven, InetSocketAddress from) {}
}
