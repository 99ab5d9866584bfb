package dev.parley.chat;

/**
 * Events from the chat engine to a front end. Called one at a time, in the order the engine applied the
 * changes, never holding the engine's lock, on whichever thread delivers the engine's queue of effects:
 * usually the thread that caused the event (a net or discovery thread, or the front end's own thread
 * inside a {@link Chat} call), but another thread delivering at that moment takes it along, so an event
 * may arrive just after the call that caused it returned. Implementations must return quickly, must not
 * block, and hand work to their own thread (e.g. Lanterna's {@code invokeLater}): a listener that waits
 * holds up every event after it.
 */
public interface ChatListener {
    void peerChanged(PeerInfo peer);

    void messageReceived(ChatMessage message);

    void messageStatusChanged(ChatMessage message);

    default void typing(String peerFingerprint, boolean active) {}

    default void nicknameChanged(String ourNickname) {}

    /**
     * The engine has forgotten this peer: discovery lost it, it never completed a handshake (so it is not
     * in the trust store), and no message either way or waiting to be sent. Front ends drop it. If it is
     * announced again, it comes back as a new peer through {@link #peerChanged}.
     */
    default void peerRemoved(String fingerprint) {}

    /**
     * The user accepted {@code replacement} as the new key of {@code oldFingerprint} ({@code /trust}):
     * the old key's conversation and queued messages now belong to the new one (statuses follow, addressed
     * to it), and {@link #peerRemoved} of the old key comes next.
     */
    default void peerReplaced(String oldFingerprint, PeerInfo replacement) {}

    void warning(Warning warning);
}
