package dev.parley.chat;

/** Events from discovery; may be called from discovery's threads, one at a time. */
public interface DiscoveryListener {
    /** A peer appeared, or its addresses, port or nickname changed. */
    void found(DiscoveredPeer peer);

    /** A peer said goodbye or its announcement expired. */
    void lost(String fingerprint);
}
