package dev.parley.chat;

import java.util.List;
import java.util.Optional;

/**
 * What front ends (full-screen UI, headless) may ask of the chat engine. Thread-safe; no method blocks
 * on the network. Nothing here ever touches the disk except trust decisions.
 */
public interface Chat {
    String ourNickname();

    String ourFingerprint();

    /** All peers, in no particular order. */
    List<PeerInfo> peers();

    Optional<PeerInfo> peer(String fingerprint);

    /**
     * A peer by nickname (when unique), full fingerprint, or at least 8 characters of the part after
     * {@code SHA256:}. Throws with code {@code unknown-peer} or {@code ambiguous-peer}.
     */
    PeerInfo resolve(String query) throws ChatException;

    /**
     * Sends text to a peer: QUEUED when the peer is not online, else SENT. Refuses (code
     * {@code too-long}) text over the protocol's limit, (code {@code untrusted}) a peer whose key changed
     * until the user trusts it, and (code {@code empty}) blank text.
     */
    ChatMessage send(String fingerprint, String text) throws ChatException;

    /** The conversation with a peer, oldest first (memory only). */
    List<ChatMessage> conversation(String fingerprint);

    /** Dials HOST[:PORT] now; the address is remembered once a peer answers there. */
    void connect(String hostPort) throws ChatException;

    void setNickname(String nickname) throws ChatException;

    /** The 60-digit safety number of us and this peer, in twelve groups of five. */
    String safetyNumber(String fingerprint) throws ChatException;

    /** The user compared the safety number: mark the peer verified (remembered). */
    void markVerified(String fingerprint) throws ChatException;

    /** The user accepts a peer whose key changed (trust CHANGED becomes KNOWN). */
    void trust(String fingerprint) throws ChatException;

    void setPresence(Presence presence);

    /** The user is typing to this peer; the engine rate-limits what goes on the wire. */
    void typing(String fingerprint);

    /** Messages still queued or sent but not yet delivered. */
    List<ChatMessage> undelivered();

    void addListener(ChatListener listener);
}
