package dev.parley.chat;

import java.net.InetSocketAddress;

/**
 * Events from {@code net}. For one session, up, records and down arrive in order and never overlap;
 * calls for different sessions may come from different threads at once.
 */
public interface SessionListener {
    /** A session is authenticated and is now the only one with this peer. */
    void sessionUp(Session session);

    void received(Session session, ChatRecord record);

    void sessionDown(Session session, String reason);

    /** A dial the user asked for ({@code connect}) gave up; {@code reason} is for the user. */
    default void dialFailed(InetSocketAddress address, String reason) {}

    /** A peer proved a key other than the fingerprint its announcement claimed; the session was refused. */
    default void spoofDetected(String announced, String proven, InetSocketAddress from) {}
}
