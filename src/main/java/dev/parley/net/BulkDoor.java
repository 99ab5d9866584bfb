package dev.parley.net;

/**
 * Where the network hands authenticated bulk channels (docs/PROTOCOL.md section 16): the file engine.
 * Both methods are called on the connection's I/O thread, holding no lock.
 */
public interface BulkDoor {
    /**
     * Whether a bulk channel from this peer for this transfer may open: a transfer it offered or accepted
     * with that peer and room for another channel. The network has already checked that the peer holds a
     * live session. Must not block.
     */
    boolean admit(String peerFingerprint, byte[] transferId);

    /** An admitted channel, open: runs it on the calling thread (an I/O thread) until it ends, then closes it. */
    void opened(BulkChannel channel, byte[] transferId);
}
