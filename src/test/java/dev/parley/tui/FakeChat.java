package dev.parley.tui;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;
import dev.parley.chat.Warning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-memory chat engine for UI tests: peers and messages are put in by the test, events go to the
 * listeners at once (on the test's thread), and every request the UI makes is recorded.
 */
final class FakeChat implements Chat {
    static final String SAFETY_NUMBER =
            "12345 67890 11111 22222 33333 44444 55555 66666 77777 88888 99999 00000";

    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, PeerInfo> peers = new LinkedHashMap<>();
    private final Map<String, List<ChatMessage>> conversations = new HashMap<>();
    private final List<ChatMessage> undelivered = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    final List<ChatMessage> sent = new ArrayList<>();
    private String nickname;
    private final String fingerprint;
    private int nextId;
    private Instant now = Instant.parse("2025-01-02T10:15:00Z");
    /** When set, {@link #peer} fails, as an engine might: the UI must survive it. */
    volatile boolean failPeerLookups;

    FakeChat(String nickname, String fingerprint) {
        this.nickname = nickname;
        this.fingerprint = fingerprint;
    }

    /** A well-formed fingerprint whose short form is {@code short8} (8 characters). */
    static String fp(String short8) {
        StringBuilder b = new StringBuilder("SHA256:").append(short8);
        while (b.length() < 7 + 43) {
            b.append('A');
        }
        return b.toString();
    }

    static PeerInfo peer(String short8, String nick, PeerState state, Trust trust) {
        return new PeerInfo(fp(short8), nick, List.of(), state, trust, Presence.ONLINE, null);
    }

    // ---- what tests do

    void now(Instant t) {
        now = t;
    }

    PeerInfo addPeer(PeerInfo p) {
        peers.put(p.fingerprint(), p);
        listeners.forEach(l -> l.peerChanged(p));
        return p;
    }

    /** The engine forgets a peer. */
    void removePeer(String fp) {
        peers.remove(fp);
        listeners.forEach(l -> l.peerRemoved(fp));
    }

    /** The engine accepted {@code replacement} as the new key of {@code oldFp} ({@code /trust}). */
    void replacePeer(String oldFp, PeerInfo replacement) {
        peers.put(replacement.fingerprint(), replacement);
        listeners.forEach(l -> l.peerChanged(replacement));
        listeners.forEach(l -> l.peerReplaced(oldFp, replacement));
        removePeer(oldFp);
    }

    /** A message from a peer, delivered through the listeners. */
    ChatMessage receive(String peerFp, String text) {
        return receive(peerFp, id(), text);
    }

    /** A message from a peer with an id of the peer's choosing (a peer picks its ids). */
    ChatMessage receive(String peerFp, String id, String text) {
        ChatMessage m = new ChatMessage(id, peerFp, false, nick(peerFp), text, now, MessageStatus.DELIVERED);
        conversation(peerFp).add(m);
        listeners.forEach(l -> l.messageReceived(m));
        return m;
    }

    /** Puts a message into a conversation without any event, as if it happened before the UI started. */
    ChatMessage history(String peerFp, boolean outgoing, String text, Instant time) {
        ChatMessage m = new ChatMessage(id(), peerFp, outgoing, outgoing ? nickname : nick(peerFp), text, time,
                outgoing ? MessageStatus.DELIVERED : MessageStatus.DELIVERED);
        conversation(peerFp).add(m);
        return m;
    }

    /** The received-event of a message already in its conversation (see {@link #history}), late. */
    void announce(ChatMessage m) {
        listeners.forEach(l -> l.messageReceived(m));
    }

    void status(ChatMessage m, MessageStatus s) {
        ChatMessage changed = m.withStatus(s);
        listeners.forEach(l -> l.messageStatusChanged(changed));
    }

    void typingEvent(String peerFp, boolean active) {
        listeners.forEach(l -> l.typing(peerFp, active));
    }

    void warn(Warning w) {
        listeners.forEach(l -> l.warning(w));
    }

    void undelivered(ChatMessage... ms) {
        undelivered.clear();
        undelivered.addAll(List.of(ms));
    }

    int listenerCount() {
        return listeners.size();
    }

    // ---- Chat

    @Override
    public String ourNickname() {
        return nickname;
    }

    @Override
    public String ourFingerprint() {
        return fingerprint;
    }

    @Override
    public List<PeerInfo> peers() {
        return List.copyOf(peers.values());
    }

    @Override
    public Optional<PeerInfo> peer(String fp) {
        if (failPeerLookups) {
            throw new IllegalStateException("simulated failure of peer()");
        }
        return Optional.ofNullable(peers.get(fp));
    }

    @Override
    public PeerInfo resolve(String query) throws ChatException {
        List<PeerInfo> byNick = peers.values().stream().filter(p -> p.nickname().equals(query)).toList();
        if (byNick.size() == 1) {
            return byNick.get(0);
        }
        if (byNick.size() > 1) {
            throw new ChatException("ambiguous-peer", "more than one peer is called " + query);
        }
        for (PeerInfo p : peers.values()) {
            if (p.fingerprint().equals(query) || (query.length() >= 8 && p.fingerprint().substring(7).startsWith(query))) {
                return p;
            }
        }
        throw new ChatException("unknown-peer", "no peer " + query);
    }

    @Override
    public ChatMessage send(String fp, String text) throws ChatException {
        calls.add("send " + fp + " " + text);
        PeerInfo p = peers.get(fp);
        if (p == null) {
            throw new ChatException("unknown-peer", "no such peer");
        }
        if (p.trust() == Trust.CHANGED) {
            throw new ChatException("untrusted", p.nickname() + "'s key changed; /trust it first");
        }
        if (text.isBlank()) {
            throw new ChatException("empty", "nothing to send");
        }
        MessageStatus s = p.state() == PeerState.ONLINE ? MessageStatus.SENT : MessageStatus.QUEUED;
        ChatMessage m = new ChatMessage(id(), fp, true, nickname, text, now, s);
        conversation(fp).add(m);
        sent.add(m);
        listeners.forEach(l -> l.messageStatusChanged(m));
        return m;
    }

    @Override
    public List<ChatMessage> conversation(String fp) {
        return conversations.computeIfAbsent(fp, k -> new ArrayList<>());
    }

    @Override
    public void connect(String hostPort) throws ChatException {
        calls.add("connect " + hostPort);
        if (hostPort.startsWith("bad")) {
            throw new ChatException("bad-address", "cannot parse " + hostPort);
        }
    }

    @Override
    public void setNickname(String nick) throws ChatException {
        calls.add("nick " + nick);
        this.nickname = nick;
        listeners.forEach(l -> l.nicknameChanged(nick));
    }

    @Override
    public String safetyNumber(String fp) throws ChatException {
        calls.add("safety " + fp);
        return SAFETY_NUMBER;
    }

    @Override
    public void markVerified(String fp) throws ChatException {
        calls.add("verify " + fp);
        replaceTrust(fp, Trust.VERIFIED);
    }

    @Override
    public PeerInfo trust(String fp) throws ChatException {
        calls.add("trust " + fp);
        replaceTrust(fp, Trust.KNOWN);
        return peers.get(fp);
    }

    @Override
    public void unverify(String fp) throws ChatException {
        calls.add("unverify " + fp);
        replaceTrust(fp, Trust.KNOWN);
    }

    @Override
    public void forget(String fp) throws ChatException {
        calls.add("forget " + fp);
    }

    @Override
    public List<ChatMessage> cancel(String fp) throws ChatException {
        calls.add("cancel " + fp);
        return List.of();
    }

    @Override
    public void setPresence(Presence presence) {
        calls.add("presence " + presence);
    }

    @Override
    public void typing(String fp) {
        calls.add("typing " + fp);
    }

    @Override
    public List<ChatMessage> undelivered() {
        return List.copyOf(undelivered);
    }

    @Override
    public void addListener(ChatListener listener) {
        calls.add("addListener");
        listeners.add(listener);
    }

    private void replaceTrust(String fp, Trust t) {
        PeerInfo p = peers.get(fp);
        addPeer(new PeerInfo(p.fingerprint(), p.nickname(), p.addresses(), p.state(), t, p.presence(),
                p.conflictsWith()));
    }

    private String nick(String fp) {
        PeerInfo p = peers.get(fp);
        return p == null ? "?" : p.nickname();
    }

    private String id() {
        return String.format("%032x", nextId++);
    }

    /** As the engine does: ignoring ends the peer's session (it goes offline); either way it is announced. */
    @Override
    public void ignore(String fp, boolean ignore) throws ChatException {
        calls.add("ignore " + fp + " " + ignore);
        PeerInfo p = peers.get(fp);
        if (p == null) {
            throw new ChatException("unknown-peer", "no peer " + fp);
        }
        addPeer(new PeerInfo(p.fingerprint(), p.nickname(), p.addresses(), ignore ? PeerState.OFFLINE : p.state(),
                p.trust(), p.presence(), p.conflictsWith(), ignore));
    }

    @Override
    public void acknowledgeWhenHandedOver() {
        calls.add("acknowledgeWhenHandedOver");
    }

    @Override
    public synchronized void handedOver(List<ChatMessage> messages) {
        onHandedOver.accept(messages);
        handOvers.add(List.copyOf(messages));
        handedOver.addAll(messages);
    }

    /** Messages the UI reported as handed over, in order. */
    final List<ChatMessage> handedOver = new java.util.ArrayList<>();
    /** Each handedOver call's messages. */
    final List<List<ChatMessage>> handOvers = new java.util.ArrayList<>();
    /** Runs inside each handedOver call, before it is recorded: lets a test look at the UI right then. */
    java.util.function.Consumer<List<ChatMessage>> onHandedOver = ms -> { };

    // ---- file transfer

    final FakeTransfers transfers = new FakeTransfers();

    @Override
    public dev.parley.chat.Transfers transfers() {
        return transfers;
    }

    /** Transfers as a test makes them: {@link #change} tells the listeners; commands are recorded. */
    final class FakeTransfers implements dev.parley.chat.Transfers {
        private final List<java.util.function.Consumer<dev.parley.chat.TransferInfo>> listeners =
                new CopyOnWriteArrayList<>();
        private final Map<String, dev.parley.chat.TransferInfo> all = new LinkedHashMap<>();
        private int n;
        /** What earlier transfers left, as the engine would count it. */
        volatile Leftovers leftovers = Leftovers.NONE;

        @Override
        public Leftovers leftovers() {
            return leftovers;
        }

        /** A transfer of one file with this peer, in this state, {@code bytes} of {@code total} done. */
        dev.parley.chat.TransferInfo info(int number, String peer, boolean incoming, String state, String name,
                                         long total, long bytes, long rate, Long eta, String reason, String savedTo) {
            return new dev.parley.chat.TransferInfo(String.format("%032x", number), number, peer, incoming, state,
                    List.of(new dev.parley.chat.TransferInfo.FileEntry(name, false, total)), total, bytes, rate, eta,
                    reason, savedTo, null);
        }

        /** The engine reports a transfer's new state. */
        void change(dev.parley.chat.TransferInfo t) {
            all.put(t.id(), t);
            listeners.forEach(l -> l.accept(t));
        }

        @Override
        public dev.parley.chat.TransferInfo send(String peer, List<String> paths) throws ChatException {
            calls.add("send-files " + peer + " " + paths);
            PeerInfo p = resolve(peer);
            dev.parley.chat.TransferInfo t = info(++n, p.fingerprint(), false, "offered", paths.get(0), 1000, 0, 0,
                    null, null, null);
            change(t);
            return t;
        }

        @Override
        public void accept(String id, String dir) {
            calls.add("accept " + id + " " + dir);
        }

        @Override
        public void decline(String id) {
            calls.add("decline " + id);
        }

        @Override
        public void cancel(String id) throws ChatException {
            calls.add("cancel-transfer " + id);
        }

        @Override
        public void pause(String id) {
            calls.add("pause " + id);
        }

        @Override
        public void resume(String id) {
            calls.add("resume " + id);
        }

        @Override
        public List<dev.parley.chat.TransferInfo> list() {
            return List.copyOf(all.values());
        }

        @Override
        public int clean() {
            return 0;
        }

        @Override
        public void addListener(java.util.function.Consumer<dev.parley.chat.TransferInfo> listener) {
            listeners.add(listener);
        }
    }
}
