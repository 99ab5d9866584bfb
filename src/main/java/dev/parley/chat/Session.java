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

    /**
     * Queues a record for sending, never writing on the caller's thread (the engine calls it under its
     * lock, which fixes the order); false when the session is closed or its send queue is full. Nothing
     * goes on the wire until {@link #flush}.
     */
    boolean send(ChatRecord record);

    /**
     * Writes what {@link #send} queued: on the caller's thread while the socket can surely take it
     * without waiting, else on an I/O thread. Never blocks. Call it holding no lock.
     */
    default void flush() {}

    /** Whether the session is still up: not closed by either side (a reader waiting on the engine stops when not). */
    default boolean open() {
        return true;
    }

    /** The feature bit of rooms in {@link #features}. */
    int FEATURE_ROOMS = 1;
    /** The feature bit of room offer ids in {@link #features}: its ROOM_INVITE may carry one (docs/PROTOCOL.md 9.1). */
    int FEATURE_ROOM_OFFERS = 8;

    /** The peer's process instance (8 random bytes drawn at its start), or null if it sent none. */
    default byte[] instance() {
        return null;
    }

    /** The feature bitmap the peer announced in its handshake (0 if none): {@link #FEATURE_ROOMS}. */
    default int features() {
        return 0;
    }

    /** Ends the session with an authenticated BYE. */
    void close();
}
