package dev.parley.chat;

/** Events from discovery; may be called from discovery's threads, one at a time. */
public interface DiscoveryListener {
    /** A peer appeared, or its addresses, port or nickname changed. */
    void found(DiscoveredPeer peer);

    /** A peer said goodbye or its announcement expired. */
    void lost(String fingerprint);

    /**
     * Something about discovery itself the user should see, e.g. code {@code dns-sd}: a registration was
     * refused or timed out. Sources report a problem once, not at every retry.
     */
    default void problem(String code, String message) {
    }

    /**
     * One of our own announcements was heard (each interface hears ours; or a copy of our identity runs
     * elsewhere). Never a peer, never dialled; told only so that diagnostics can count it.
     */
    default void ownAnnouncement() {
    }
}
