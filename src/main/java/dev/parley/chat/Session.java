package dev.parley.chat;

import java.net.InetSocketAddress;

/** One authenticated session with a peer, implemented by {@code net}. Thread-safe. */
public interface Session {
    String fingerprint();

    /** The peer's raw Ed25519 public key, as proven in the handshake. */
    byte[] publicKey();

    /** The nickname the peer gave in the handshake (unsanitised: a claim). */
    String nickname();

    InetSocketAddress remoteAddress();

    /** True when we dialled; false when the peer did. */
    boolean outbound();

    /** Peer's clock minus ours, as learned in the handshake, in ms. */
    long clockOffsetMillis();

    /** Queues a record for sending; false when the session is closed or its send queue is full. */
    boolean send(ChatRecord record);

    /** Ends the session with an authenticated BYE. */
    void close();
}
