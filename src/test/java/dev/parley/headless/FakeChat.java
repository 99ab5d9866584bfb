package dev.parley.headless;

import dev.parley.LockCheck;
import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A {@link Chat} that records what the front end asks of it; tests drive events through {@link #listener()}.
 * {@code handedOver} checks, as it is called, that no lock is held and runs {@link #onHandedOver}.
 * Thread-safe.
 */
final class FakeChat implements Chat {
    record Ignore(String fingerprint, boolean ignore) {}

    final List<String> calls = new CopyOnWriteArrayList<>(); // acknowledgeWhenHandedOver, addListener, in order
    final List<List<ChatMessage>> handedOver = new CopyOnWriteArrayList<>();
    final List<Ignore> ignores = new CopyOnWriteArrayList<>();
    final LockCheck locks = new LockCheck();
    final Map<String, PeerInfo> peers = new ConcurrentHashMap<>();
    volatile Consumer<List<ChatMessage>> onHandedOver = m -> { };
    volatile List<ChatMessage> undelivered = List.of();
    volatile dev.parley.chat.Transfers transfers = dev.parley.chat.Transfers.NONE;
    /** Checking costs a walk of the heap per call: off for measurements. */
    volatile boolean checkLocks = true;
    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();

    static PeerInfo peer(String nick, String fingerprint) {
        return new PeerInfo(fingerprint, nick, List.of(), PeerState.ONLINE, Trust.KNOWN, Presence.ONLINE, null, false);
    }

    static PeerInfo withState(PeerInfo p, PeerState state, boolean ignored) {
        return new PeerInfo(p.fingerprint(), p.nickname(), p.addresses(), state, p.trust(), p.presence(),
                p.conflictsWith(), ignored);
    }

    /** A message from {@code fingerprint}, numbered {@code n} (its id is 32 hex digits). */
    static ChatMessage received(String fingerprint, String nick, int n) {
        return new ChatMessage(String.format("%032x", n), fingerprint, false, nick, "text " + n,
                Instant.ofEpochMilli(1_764_190_000_000L + n), MessageStatus.DELIVERED);
    }

    ChatListener listener() {
        return listeners.get(0);
    }

    void add(PeerInfo p) {
        peers.put(p.fingerprint(), p);
    }

    @Override public dev.parley.chat.Transfers transfers() { return transfers; }
    @Override public String ourNickname() { return "alice"; }
    @Override public String ourFingerprint() { return "SHA256:alice"; }
    @Override public List<PeerInfo> peers() { return List.copyOf(peers.values()); }
    @Override public Optional<PeerInfo> peer(String fingerprint) { return Optional.ofNullable(peers.get(fingerprint)); }

    @Override
    public PeerInfo resolve(String query) throws ChatException {
        List<PeerInfo> found = new ArrayList<>();
        for (PeerInfo p : peers.values()) {
            if (p.nickname().equals(query) || p.fingerprint().equals(query)) {
                found.add(p);
            }
        }
        if (found.size() != 1) {
            throw new ChatException(found.isEmpty() ? "unknown-peer" : "ambiguous-peer", "no single peer " + query);
        }
        return found.get(0);
    }

    @Override
    public ChatMessage send(String fingerprint, String text) {
        ChatMessage m = new ChatMessage(String.format("%032x", text.hashCode()), fingerprint, true, "alice", text,
                Instant.EPOCH, MessageStatus.SENT);
        listeners.forEach(l -> l.messageStatusChanged(m));
        return m;
    }

    @Override public List<ChatMessage> conversation(String fingerprint) { return List.of(); }
    @Override public void connect(String hostPort) { }
    @Override public void setNickname(String nickname) { listeners.forEach(l -> l.nicknameChanged(nickname)); }
    @Override public String safetyNumber(String fingerprint) { return "12345"; }
    @Override public void markVerified(String fingerprint) { }
    @Override public PeerInfo trust(String fingerprint) { return peer(fingerprint).orElseThrow(); }
    @Override public void unverify(String fingerprint) { }
    @Override public void forget(String fingerprint) { }
    @Override public List<ChatMessage> cancel(String fingerprint) { return List.of(); }

    @Override
    public void ignore(String fingerprint, boolean ignore) {
        ignores.add(new Ignore(fingerprint, ignore));
    }

    @Override public void setPresence(Presence presence) { }
    @Override public void typing(String fingerprint) { }
    @Override public List<ChatMessage> undelivered() { return undelivered; }

    @Override
    public void addListener(ChatListener listener) {
        calls.add("addListener");
        listeners.add(listener);
    }

    @Override
    public void acknowledgeWhenHandedOver() {
        calls.add("acknowledgeWhenHandedOver");
    }

    @Override
    public void handedOver(List<ChatMessage> messages) {
        if (checkLocks) {
            locks.check("handedOver");
        }
        onHandedOver.accept(messages);
        handedOver.add(List.copyOf(messages));
    }

    /** Every message handed over so far, in the order of the calls. */
    List<ChatMessage> allHandedOver() {
        return handedOver.stream().flatMap(List::stream).toList();
    }
}
