package dev.parley.chat;

/**
 * Events from the chat engine to a front end. Called on engine threads (never the caller's UI thread),
 * in the order the engine saw them; implementations must return quickly and must not block.
 */
public interface ChatListener {
    void peerChanged(PeerInfo peer);

    void messageReceived(ChatMessage message);

    void messageStatusChanged(ChatMessage message);

    default void typing(String peerFingerprint, boolean active) {}

    default void nicknameChanged(String ourNickname) {}

    void warning(Warning warning);
}
