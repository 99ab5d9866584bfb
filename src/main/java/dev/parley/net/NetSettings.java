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
 */
public record NetSettings(LocalParty party, InetAddress bindAddress, int port, boolean fallbackToFreePort,
                          Duration handshakeTimeout, Duration connectTimeout, int maxUnauthenticated,
                          int maxUnauthenticatedPerAddress, Duration pingAfter, Duration deadAfter,
                          int sendQueueBytes, int maxConcurrentDials, Backoff backoff, KeyLog keyLog) {
    public static final int DEFAULT_PORT = 7447;

    /** The defaults of docs/PROTOCOL.md for this party and port. */
    public static NetSettings defaults(LocalParty party, int port) {
        return new NetSettings(party, null, port, port == DEFAULT_PORT, Duration.ofSeconds(5), Duration.ofSeconds(3),
                64, 8, Duration.ofSeconds(10), Duration.ofSeconds(30), 8 << 20, 8, Backoff.DEFAULT, null);
    }

    public NetSettings withParty(LocalParty p) {
        return new NetSettings(p, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog);
    }

    public NetSettings withKeyLog(KeyLog log) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, log);
    }

    public NetSettings withTimeouts(Duration handshake, Duration pingAfter, Duration deadAfter) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshake, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog);
    }

    public NetSettings withBackoff(Backoff b) {
        return new NetSettings(party, bindAddress, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, b, keyLog);
    }

    public NetSettings withBindAddress(InetAddress a) {
        return new NetSettings(party, a, port, fallbackToFreePort, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog);
    }

    /** Whether a taken port gives way to a free one (by default only {@link #DEFAULT_PORT} does). */
    public NetSettings withFallbackToFreePort(boolean fallback) {
        return new NetSettings(party, bindAddress, port, fallback, handshakeTimeout, connectTimeout,
                maxUnauthenticated, maxUnauthenticatedPerAddress, pingAfter, deadAfter, sendQueueBytes,
                maxConcurrentDials, backoff, keyLog);
    }
}
