package dev.parley.chat;

/**
 * Events from the chat engine to a front end. Called one at a time, in the order the engine saw them,
 * on the thread that caused the event: a net or discovery thread, or the front end's own thread inside a
 * {@link Chat} call such as {@code send} (its first status event arrives before {@code send} returns).
 * Implementations must return quickly, must not block, and hand work to their own thread (e.g.
 * Lanterna's {@code invokeLater}).
 */
public interface ChatListener {
    void peerChanged(PeerInfo peer);

    void messageReceived(ChatMessage message);

    void messageStatusChanged(ChatMessage message);

    default void typing(String peerFingerprint, boolean active) {}

    default void nicknameChanged(String ourNickname) {}

    void warning(Warning warning);
}
