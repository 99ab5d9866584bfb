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

    /**
     * The user accepts a peer whose key changed (trust CHANGED becomes KNOWN): {@code fingerprint} is the
     * new key, or the known peer whose nickname one new key claims. The new key takes over the old one's
     * conversation, queued messages and addresses; the old key is retired. Returns the accepted peer.
     * Throws {@code not-changed} for a peer whose key did not change (see {@link ChatEngine#trust}).
     */
    PeerInfo trust(String fingerprint) throws ChatException;

    /** A verified peer is no longer verified (remembered as known); {@code not-verified} otherwise. */
    void unverify(String fingerprint) throws ChatException;

    /** Forgets everything about a peer, here and in the trust store (see {@link ChatEngine#forget}). */
    void forget(String fingerprint) throws ChatException;

    /** Gives up our messages to this peer not yet sent (they become FAILED); returns them. */
    List<ChatMessage> cancel(String fingerprint) throws ChatException;

    /**
     * {@code ignore} true: ends the peer's session and refuses it from now on, also in later runs (the
     * decision is remembered with the known peers); false: accepts it again.
     */
    void ignore(String fingerprint, boolean ignore) throws ChatException;

    void setPresence(Presence presence);

    /** The user is typing to this peer; the engine rate-limits what goes on the wire. */
    void typing(String fingerprint);

    /** Messages still queued or sent but not yet delivered. */
    List<ChatMessage> undelivered();

    void addListener(ChatListener listener);

    /** File transfer (issue 15), or {@link Transfers#NONE} where it is not wired in. */
    default Transfers transfers() {
        return Transfers.NONE;
    }

    /**
     * Called once by the front end, before the engine starts: a received message is then acknowledged
     * to its sender ({@code delivered} on their side) only when the front end reports it with
     * {@link #handedOver}, and a peer whose messages the front end has not taken yet is read no further
     * (TCP pushes back to it). Without it, a message is acknowledged as soon as the engine has it.
     */
    void acknowledgeWhenHandedOver();

    /**
     * The front end has handed these received messages to the user (written to its output, or put on
     * the screen model): acknowledge them to their senders. Ids not awaiting a hand-over are ignored.
     */
    void handedOver(List<ChatMessage> messages);

    /**
     * How each discovery source stands now ({@code mdns}, {@code dns-sd}: on, off or failing, peers seen,
     * what it does), for a front end's diagnostics such as {@code /status}. Cheap; any thread.
     */
    default List<DiscoveryStatus> discoveryStatus() {
        return List.of();
    }
}
