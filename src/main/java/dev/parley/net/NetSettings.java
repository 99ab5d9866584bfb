package dev.parley.net;

import dev.parley.handshake.LocalParty;
import java.net.InetAddress;
import java.time.Duration;

/**
 * How the network layer behaves. Immutable.
 *
 * @param bindAddress where to listen (null: every address)
 * @param port the port to listen on; 0 for any free port
 * @param fallbackToFreePort when {@code port} is taken, listen on a free one instead of failing
 * @param keyLog where to append traffic keys for debugging (null: off)
 * @param maxSessions authenticated sessions held at once, those replaced and still closing included
 *     ({@link #MAX_SESSIONS} by default; see {@link SessionRegistry})
 */
public record NetSettings(LocalParty party, InetAddress bindAddress, int port, boolean fallbackToFreePort,
                          Duration handshakeTimeout, Duration connectTimeout, int maxUnauthenticated,
                          int maxUnauthenticatedPerAddress, Duration pingAfter, Duration deadAfter,
                          int sendQueueBytes, int maxConcurrentDials, Backoff backoff, KeyLog keyLog,
                          int maxSessions) {
    public static final int DEFAULT_PORT = 7447;

    /**
     * Authenticated sessions held at once (issue 13 item 1). Each holds a reader thread, at times a
     * writer thread, and a descriptor; without a bound, 3,000 free identities took 2,500 threads and
     * 20,000 ran the process out of descriptors. 256 is far more than the peers of a LAN chat (a team, a
     * floor, a LAN party), a quarter of the peers the chat engine holds (1,024), and keeps the whole
     * process well inside a default descriptor limit of 1,024. When it is reached, known and verified
     * peers take the place of strangers; strangers wait until there is room.
     */
    public static final int MAX_SESSIONS = 256;
    /** Unauthenticated connections in their handshake by default (see {@link Admission}). */
    public static final int MAX_UNAUTHENTICATED = 64;
    /** Dials in flight by default (see {@link Dialer}). */
    public static final int MAX_CONCURRENT_DIALS = 8;
    /** Dials by address (the user's {@code /connect}, {@code --peer}) that the thread bound allows for at once. */
    static final int ADDRESS_DIALS = 8;
    /** Inbound bulk channels running on I/O threads: the file engine's bound on transfers (16 in all). */
    static final int BULK_CHANNELS = 16;
    /** Spare I/O threads: the accept loop, the handshake warm-up, and a few for the moment one task hands over to the next. */
    static final int SPARE_IO_THREADS = 4;

    /** The settings as before the bound on sessions: {@link #MAX_SESSIONS}. */
    public NetSettings(LocalParty party, InetAddress bindAddress, int port, boolean fallbackToFreePort,
                       Duration handshakeTimeout, Duration connectTimeout, int maxUnauthenticated,
                       int maxUnauthenticatedPerAddress, Duration pingAfter, Duration deadAfter,
                       int sendQueueBytes, int maxConcurrentDials, Backoff backoff, KeyLog keyLog) {
        this(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout, maxUnauthenticated,
                maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes, maxConcurrentDials, backoff, keyLog,
                MAX_SESSIONS);
    }

    /**
     * The most I/O threads these settings can need at once, a hard cap for the I/O pool: the accept loop
     * and spares, every inbound handshake with the evicted ones still ending ({@link Admission}), the dials
     * in flight, a reader and a writer for every session the registry may hold with those being dropped
     * ({@link SessionRegistry#MAX_UNWINDING}), and the inbound bulk channels.
     */
    public int ioThreads() {
        return ioThreads(maxSessions, maxUnauthenticated, maxConcurrentDials);
    }

    /** {@link #ioThreads()} of the defaults: 660. */
    public static int defaultIoThreads() {
        return ioThreads(MAX_SESSIONS, MAX_UNAUTHENTICATED, MAX_CONCURRENT_DIALS);
    }

    private static int ioThreads(int sessions, int unauthenticated, int dials) {
        return SPARE_IO_THREADS + unauthenticated + Admission.DEFAULT_MAX_UNWINDING + dials + ADDRESS_DIALS
                + 2 * (sessions + SessionRegistry.MAX_UNWINDING) + BULK_CHANNELS;
    }

    /** The defaults of docs/PROTOCOL.md for this party and port. */
    public static NetSettings defaults(LocalParty party, int port) {
        return new NetSettings(party, null, port, port == DEFAULT_PORT, Duration.ofSeconds(5), Duration.ofSeconds(3),
                MAX_UNAUTHENTICATED, 8, Duration.ofSeconds(10), Duration.ofSeconds(30), 8 << 20, MAX_CONCURRENT_DIALS,
                Backoff.DEFAULT, null, MAX_SESSIONS);
    }

    public NetSettings withParty(LocalParty p) {
        return new NetSettings(p, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog, maxSessions);
    }

    public NetSettings withKeyLog(KeyLog log) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, log, maxSessions);
    }

    public NetSettings withTimeouts(Duration handshake, Duration pingAfter, Duration deadAfter) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshake, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog, maxSessions);
    }

    public NetSettings withBackoff(Backoff b) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, b, keyLog, maxSessions);
    }

    public NetSettings withBindAddress(InetAddress a) {
        return new NetSettings(party, a, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog, maxSessions);
    }

    /** Whether a taken port gives way to a free one (by default only {@link #DEFAULT_PORT} does). */
    public NetSettings withFallbackToFreePort(boolean fallback) {
        return new NetSettings(party, bindAddress, port, fallback, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog, maxSessions);
    }

    /** With another bound on sessions (tests use a small one). */
    public NetSettings withMaxSessions(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one session");
        }
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog, max);
    }
}
