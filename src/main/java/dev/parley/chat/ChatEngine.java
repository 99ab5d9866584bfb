package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parley's domain: peers, their states and trust, conversations, delivery with an outbox, nicknames,
 * presence and typing. It reaches the network only through {@link Network} and {@link Session}, the
 * disk only through {@link TrustStore}, and keeps every message in memory only. Nothing of a message is
 * ever logged, only fingerprints and events. A lost peer with nothing worth keeping is forgotten at once
 * ({@link ChatListener#peerRemoved}), so announcements that come and go leave nothing behind.
 *
 * <p>Threads: every method may be called from any thread (net's reader threads, discovery's threads, a
 * front end's thread). One lock guards all state, and listeners, {@link Network}, {@link Session#send}
 * and {@link TrustStore#save} are called while holding it. So listeners see events one at a time, in
 * exactly the order the engine applied them, on the thread that caused the event (which may be a front
 * end's own thread inside {@link #send} or {@link #setNickname}). This requires those collaborators to
 * return quickly and never to wait for a lock that their own threads hold while calling into this
 * engine (net's {@code Session.send} only enqueues). Thread-safe.
 */
public final class ChatEngine implements Chat, SessionListener, DiscoveryListener {
    /** Typing records go on the wire at most this often per peer. */
    public static final long TYPING_INTERVAL_MILLIS = 3_000;
    /** How many received message ids per peer are kept to drop duplicates. */
    public static final int RECENT_IDS = 10_000;
    /** A peer's clock further off than this gets a {@code clock-skew} warning. */
    static final long CLOCK_SKEW_WARN_MILLIS = 60_000;
    private static final int MAX_PENDING_DIALS = 64;
    private static final Pattern MESSAGE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Logger log = LoggerFactory.getLogger(ChatEngine.class);

    private final Object lock = new Object();
    private final String ourFingerprint;
    private final byte[] ourPublicKey;
    private final Network network;
    private final KnownPeers known;
    private final BiFunction<byte[], byte[], String> safetyNumbers;
    private final Clock clock;
    private final SecureRandom random;
    private final List<ChatListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    /** Addresses the user asked to dial ({@link #connect}) that no session has come from yet. */
    private final List<InetSocketAddress> pendingDials = new ArrayList<>();
    private String nickname;
    private Presence presence = Presence.ONLINE;
    private long nextSeq;

    /**
     * @param safetyNumbers the safety number of (our public key, their public key): Signal's numeric
     *     fingerprint in the app, a fake in tests
     * @throws IllegalArgumentException if {@code nickname} is not a valid nickname
     */
    public ChatEngine(String ourFingerprint, byte[] ourPublicKey, String nickname, Network network,
                      TrustStore trustStore, BiFunction<byte[], byte[], String> safetyNumbers, Clock clock,
                      SecureRandom random) {
        this(ourFingerprint, ourPublicKey, nickname, network, trustStore, Runnable::run, safetyNumbers, clock, random);
    }

    /**
     * @param saver where the known peers are saved after a change, off this engine's lock (see
     *     {@link #flushSaves}); the other constructor saves on the changing thread, under the lock
     */
    public ChatEngine(String ourFingerprint, byte[] ourPublicKey, String nickname, Network network,
                      TrustStore trustStore, Executor saver, BiFunction<byte[], byte[], String> safetyNumbers,
                      Clock clock, SecureRandom random) {
        this.ourFingerprint = ourFingerprint;
        this.ourPublicKey = ourPublicKey.clone();
        this.network = network;
        this.known = new KnownPeers(trustStore, saver, this::saveFailed);
        this.safetyNumbers = safetyNumbers;
        this.clock = clock;
        this.random = random;
        try {
            this.nickname = checkNickname(nickname);
        } catch (ChatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A nickname as it will be used: sanitised; refused (code {@code bad-nickname}) when nothing visible
     * is left or it is over {@link ChatRecord#MAX_NICK_BYTES} bytes of UTF-8.
     */
    public static String checkNickname(String raw) throws ChatException {
        String nick = Sanitizer.nickname(raw);
        if (nick.isEmpty()) {
            throw new ChatException("bad-nickname", "a nickname needs at least one visible character");
        }
        int bytes = utf8Length(nick);
        if (bytes > ChatRecord.MAX_NICK_BYTES) {
            throw new ChatException("bad-nickname", "a nickname may have at most " + ChatRecord.MAX_NICK_BYTES
                    + " bytes of UTF-8; this one has " + bytes);
        }
        return nick;
    }

    /**
     * Loads the known peers and asks the network to keep a session with each one the user once reached
     * by address. Call once, before discovery and the listener start.
     *
     * @throws IOException if the trust store cannot be read (never silently replaced)
     */
    public void start() throws IOException {
        synchronized (lock) {
            for (KnownPeer k : known.load()) {
                if (!k.fingerprint().equals(ourFingerprint)) {
                    restore(k);
                }
            }
        }
    }

    private void restore(KnownPeer k) {
        Peer p = peerFor(k.fingerprint(), k.nickname());
        p.publicKey = k.publicKey();
        p.trust = k.verified() ? Trust.VERIFIED : Trust.KNOWN;
        p.trustDecided = true;
        p.manualAddresses = parseAddresses(k);
        if (p.state == null) {
            p.state = PeerState.OFFLINE;
        }
        if (!p.manualAddresses.isEmpty()) {
            p.wanted = true;
            network.want(p.fingerprint, p.dialAddresses());
            p.state = p.session != null ? PeerState.ONLINE : PeerState.CONNECTING;
        }
        emitPeer(p);
    }

    private static List<InetSocketAddress> parseAddresses(KnownPeer k) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String s : k.addresses()) {
            try {
                out.add(HostPort.parse(s));
            } catch (ChatException e) {
                log.warn("ignoring a bad remembered address of {}: {}", k.fingerprint(), e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    // ---- Chat: queries

    @Override
    public String ourNickname() {
        synchronized (lock) {
            return nickname;
        }
    }

    @Override
    public String ourFingerprint() {
        return ourFingerprint;
    }

    @Override
    public List<PeerInfo> peers() {
        synchronized (lock) {
            return peers.values().stream().map(Peer::info).toList();
        }
    }

    @Override
    public Optional<PeerInfo> peer(String fingerprint) {
        synchronized (lock) {
            return Optional.ofNullable(peers.get(fingerprint)).map(Peer::info);
        }
    }

    @Override
    public List<ChatMessage> conversation(String fingerprint) {
        synchronized (lock) {
            Peer p = peers.get(fingerprint);
            return p == null ? List.of() : p.conversation.snapshot();
        }
    }

    @Override
    public List<ChatMessage> undelivered() {
        synchronized (lock) {
            List<ChatMessage> out = new ArrayList<>();
            for (Peer p : peers.values()) {
                List<Peer.Outgoing> pending = new ArrayList<>(p.inflight);
                pending.addAll(p.outbox);
                pending.sort(Comparator.comparingLong(Peer.Outgoing::seq));
                pending.forEach(o -> p.conversation.outgoing(o.record().id()).ifPresent(out::add));
            }
            return out;
        }
    }

    /**
     * Order: a full fingerprint; else a unique nickname (case-insensitive, see
     * {@link Sanitizer#nicknameKey}; a peer shown apart for claiming a known peer's nickname never
     * matches by nickname); else a fingerprint prefix of at least 8 characters.
     */
    @Override
    public PeerInfo resolve(String query) throws ChatException {
        String q = query == null ? "" : query.strip();
        synchronized (lock) {
            Peer exact = peers.get(q);
            if (exact != null) {
                return exact.info();
            }
            String key = Sanitizer.nicknameKey(q);
            List<Peer> byNick = peers.values().stream()
                    .filter(p -> p.conflictsWith == null && !key.isEmpty())
                    .filter(p -> Sanitizer.nicknameKey(p.nickname).equals(key)).toList();
            if (byNick.size() == 1) {
                return byNick.get(0).info();
            }
            if (byNick.size() > 1) {
                throw ambiguous(q, byNick);
            }
            String body = q.startsWith("SHA256:") ? q.substring("SHA256:".length()) : q;
            if (body.length() < 8) {
                throw new ChatException("unknown-peer", "no peer called '" + q
                        + "' (a fingerprint prefix needs at least 8 characters)");
            }
            List<Peer> byPrefix = peers.values().stream()
                    .filter(p -> p.fingerprint.startsWith("SHA256:" + body)).toList();
            if (byPrefix.size() == 1) {
                return byPrefix.get(0).info();
            }
            if (byPrefix.size() > 1) {
                throw ambiguous(q, byPrefix);
            }
            throw new ChatException("unknown-peer", "no peer called '" + q + "' and no fingerprint starting so");
        }
    }

    private static ChatException ambiguous(String q, List<Peer> candidates) {
        String list = candidates.stream().map(p -> p.nickname + " (" + p.fingerprint + ")")
                .collect(Collectors.joining(", "));
        return new ChatException("ambiguous-peer", "'" + q + "' could be any of: " + list
                + "; use a longer fingerprint prefix");
    }

    // ---- Chat: actions

    @Override
    public ChatMessage send(String fingerprint, String text) throws ChatException {
        synchronized (lock) {
            Peer p = knownPeer(fingerprint);
            String display = Sanitizer.text(text);
            if (display.isBlank()) {
                throw new ChatException("empty", "nothing to send");
            }
            int bytes = utf8Length(text);
            if (bytes > ChatRecord.MAX_TEXT_BYTES) {
                throw new ChatException("too-long", "the message is " + bytes + " bytes of UTF-8; the limit is "
                        + ChatRecord.MAX_TEXT_BYTES + " (split it; nothing was sent)");
            }
            refuseUntrusted(p);
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String id = HexFormat.of().formatHex(randomBytes(16));
            p.conversation.add(new ChatMessage(id, p.fingerprint, true, nickname, display, now, MessageStatus.QUEUED));
            p.outbox.addLast(new Peer.Outgoing(nextSeq++, new ChatRecord.Text(id, now.toEpochMilli(), text)));
            flush(p); // behind any older queued messages; announces SENT for each one the session takes
            ChatMessage m = p.conversation.outgoing(id).orElseThrow();
            if (m.status() == MessageStatus.QUEUED) {
                emit(l -> l.messageStatusChanged(m));
            }
            return m;
        }
    }

    private void refuseUntrusted(Peer p) throws ChatException {
        if (p.trust == Trust.CHANGED) {
            throw new ChatException("untrusted", p.fingerprint + " claims the nickname '" + p.nickname
                    + "' of known peer " + p.conflictsWith + " with another key; compare safety numbers (/verify)"
                    + " and accept it with /trust before writing to it");
        }
    }

    @Override
    public void connect(String hostPort) throws ChatException {
        InetSocketAddress address = HostPort.parse(hostPort);
        synchronized (lock) {
            if (pendingDials.size() >= MAX_PENDING_DIALS) {
                pendingDials.remove(0);
            }
            pendingDials.add(address);
            log.info("dialling {} on request", HostPort.format(address));
            network.dial(address);
        }
    }

    @Override
    public void setNickname(String newNickname) throws ChatException {
        String nick = checkNickname(newNickname);
        synchronized (lock) {
            nickname = nick;
            for (Peer p : peers.values()) {
                if (p.session != null) {
                    p.session.send(new ChatRecord.NickChange(nick));
                }
            }
            emit(l -> l.nicknameChanged(nick));
        }
    }

    @Override
    public void setPresence(Presence newPresence) {
        synchronized (lock) {
            presence = newPresence;
            for (Peer p : peers.values()) {
                if (p.session != null) {
                    p.session.send(new ChatRecord.PresenceChange(newPresence));
                }
            }
        }
    }

    @Override
    public void typing(String fingerprint) {
        synchronized (lock) {
            Peer p = peers.get(fingerprint);
            if (p == null || p.session == null || p.trust == Trust.CHANGED) {
                return;
            }
            long now = clock.millis();
            boolean recently = p.lastTypingSent != Long.MIN_VALUE && now - p.lastTypingSent < TYPING_INTERVAL_MILLIS;
            if (!recently && p.session.send(new ChatRecord.Typing(true))) {
                p.lastTypingSent = now;
            }
        }
    }

    @Override
    public String safetyNumber(String fingerprint) throws ChatException {
        synchronized (lock) {
            return safetyNumbers.apply(ourPublicKey, provenKey(knownPeer(fingerprint)));
        }
    }

    /** Also accepts a peer of trust CHANGED: comparing the safety number is the strongest acceptance. */
    @Override
    public void markVerified(String fingerprint) throws ChatException {
        synchronized (lock) {
            Peer p = knownPeer(fingerprint);
            byte[] key = provenKey(p);
            Instant now = clock.instant();
            KnownPeer k = known.get(p.fingerprint)
                    .map(old -> rebuild(old, old.nickname(), old.lastSeen(), true, old.addresses()))
                    .orElseGet(() -> new KnownPeer(p.fingerprint, key, p.nickname, now, now, true,
                            formatAll(p.manualAddresses)));
            accept(p, k, Trust.VERIFIED);
        }
    }

    /** Accepts a peer of trust CHANGED (it becomes KNOWN and remembered); does nothing for other peers. */
    @Override
    public void trust(String fingerprint) throws ChatException {
        synchronized (lock) {
            Peer p = knownPeer(fingerprint);
            if (p.trust != Trust.CHANGED) {
                return;
            }
            byte[] key = provenKey(p);
            Instant now = clock.instant();
            accept(p, new KnownPeer(p.fingerprint, key, p.nickname, now, now, false,
                    formatAll(p.manualAddresses)), Trust.KNOWN);
        }
    }

    private void accept(Peer p, KnownPeer k, Trust trust) {
        p.trust = trust;
        p.trustDecided = true;
        p.conflictsWith = null;
        known.put(k);
        if (!p.manualAddresses.isEmpty() && !p.wanted) {
            p.wanted = true;
            network.want(p.fingerprint, p.dialAddresses());
        }
        log.info("peer {} accepted by the user as {}", p.fingerprint, trust);
        emitPeer(p);
        flush(p);
    }

    @Override
    public void addListener(ChatListener listener) {
        listeners.add(listener);
    }

    @Override
    public void ignore(String fingerprint, boolean ignore) throws ChatException {
        // implemented with the event queue (next change)
    }

    @Override
    public void acknowledgeWhenHandedOver() {
        // implemented with the event queue (next change)
    }

    @Override
    public void handedOver(List<ChatMessage> messages) {
        // implemented with the event queue (next change)
    }

    private Peer knownPeer(String fingerprint) throws ChatException {
        Peer p = fingerprint == null ? null : peers.get(fingerprint);
        if (p == null) {
            throw new ChatException("unknown-peer", "no peer " + fingerprint);
        }
        return p;
    }

    private static byte[] provenKey(Peer p) throws ChatException {
        if (p.publicKey == null) {
            throw new ChatException("no-key", p.fingerprint + " has not connected yet, so its key is unproven");
        }
        return p.publicKey.clone();
    }

    // ---- DiscoveryListener

    @Override
    public void found(DiscoveredPeer d) {
        if (d == null || d.fingerprint() == null || d.fingerprint().equals(ourFingerprint)) {
            return;
        }
        synchronized (lock) {
            Peer p = peers.get(d.fingerprint());
            boolean arriving = p == null || p.state == PeerState.LOST || (p.state == PeerState.OFFLINE && !p.wanted);
            if (p == null) {
                p = newPeer(d.fingerprint(), d.nickname());
            }
            PeerInfo before = p.info();
            List<InetSocketAddress> dialledBefore = p.dialAddresses();
            if (p.publicKey == null) {
                p.nickname = displayNickname(d.nickname(), p.fingerprint); // no proof yet: the claim is all we have
                guessTrust(p);
            }
            p.discovered = true;
            p.discoveredAddresses = d.addresses();
            if (arriving) {
                p.state = PeerState.DISCOVERED;
                emitPeer(p);
            }
            if (!p.wanted || !dialledBefore.equals(p.dialAddresses())) {
                p.wanted = true;
                network.want(p.fingerprint, p.dialAddresses());
            }
            if (p.state == PeerState.DISCOVERED) {
                p.state = PeerState.CONNECTING;
            }
            emitIfChanged(p, arriving ? null : before);
        }
    }

    /** Before any session: an unknown peer announcing a known peer's nickname is shown apart already. */
    private void guessTrust(Peer p) {
        if (p.trustDecided) {
            return;
        }
        Optional<KnownPeer> other = known.claimedBy(p.nickname, p.fingerprint);
        p.trust = other.isPresent() ? Trust.CHANGED : Trust.NEW;
        p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
    }

    @Override
    public void lost(String fingerprint) {
        synchronized (lock) {
            Peer p = fingerprint == null ? null : peers.get(fingerprint);
            if (p == null || !p.discovered) {
                return;
            }
            PeerInfo before = p.info();
            p.discovered = false;
            p.discoveredAddresses = List.of();
            if (!p.manualAddresses.isEmpty()) {
                p.wanted = true;
                network.want(p.fingerprint, p.dialAddresses()); // only the user's addresses are left
            } else if (p.wanted) {
                p.wanted = false;
                network.forget(p.fingerprint);
            }
            if (p.session == null && !p.wanted) {
                p.state = PeerState.LOST;
            }
            emitIfChanged(p, before);
            forgetIfEmpty(p);
        }
    }

    /**
     * Forgets a lost peer that holds nothing worth keeping: it never proved a key (so it is not in the trust
     * store, and no trust decision waits on it: a changed key keeps its row, with its warning, for
     * {@code /verify} and {@code /trust}), and nothing is queued for it (so no message either way). It is
     * gone from the LAN and we never exchanged a word with it, so its row tells the user nothing, and
     * should it come back, its announcement makes it anew. Done at once rather than later or beyond a cap:
     * then a flood of announcements that come and go leaves nothing behind, and the peers held are at most
     * discovery's, the remembered ones and those that completed a handshake.
     */
    private void forgetIfEmpty(Peer p) {
        if (p.state != PeerState.LOST || p.session != null || p.wanted || p.publicKey != null
                || known.get(p.fingerprint).isPresent() || p.conversation.size() > 0 || !p.outbox.isEmpty()
                || !p.inflight.isEmpty()) {
            return;
        }
        peers.remove(p.fingerprint);
        log.debug("forgot {}: lost, never connected, nothing queued", p.fingerprint);
        emit(l -> l.peerRemoved(p.fingerprint));
    }

    // ---- SessionListener

    @Override
    public void sessionUp(Session s) {
        String fp = s.fingerprint();
        if (fp == null || fp.equals(ourFingerprint)) {
            log.warn("ignoring a session that claims our own fingerprint");
            return;
        }
        synchronized (lock) {
            Peer p = peerFor(fp, s.nickname());
            if (p.session != null && p.session != s) {
                log.info("session with {} replaced", fp);
                requeue(p);
            }
            p.session = s;
            p.publicKey = s.publicKey();
            p.presence = Presence.ONLINE;
            p.lastTypingSent = Long.MIN_VALUE;
            InetSocketAddress manual = takePendingDial(s);
            if (manual != null && !p.manualAddresses.contains(manual)) {
                List<InetSocketAddress> all = new ArrayList<>(p.manualAddresses);
                all.add(manual);
                p.manualAddresses = List.copyOf(all);
            }
            List<KnownPeer> toSave = new ArrayList<>(1);
            List<Warning> warnings = decideTrust(p, displayNickname(s.nickname(), fp), toSave);
            if (manual != null && p.trust != Trust.CHANGED) {
                p.wanted = true;
                network.want(fp, p.dialAddresses());
            }
            p.state = PeerState.ONLINE;
            log.info("session with {} up ({}, trust {})", fp, s.outbound() ? "outbound" : "inbound", p.trust);
            emitPeer(p);
            warnings.forEach(w -> emit(l -> l.warning(w)));
            warnIfSkewed(p, s);
            if (presence != Presence.ONLINE) {
                s.send(new ChatRecord.PresenceChange(presence));
            }
            flush(p);
            // Last: saving costs an fsync (up to tens of ms), and the peer is shown online, and what
            // waited for it sent, without waiting for that. The decision already holds in memory.
            toSave.forEach(known::put);
        }
    }

    /**
     * Applies trust on first use to a proven key; adds what to save to {@code toSave}; returns the
     * warnings to raise.
     */
    private List<Warning> decideTrust(Peer p, String nick, List<KnownPeer> toSave) {
        List<Warning> warnings = new ArrayList<>();
        Optional<KnownPeer> other = known.claimedBy(nick, p.fingerprint);
        p.nickname = nick;
        Optional<KnownPeer> k = known.get(p.fingerprint);
        if (k.isPresent()) {
            KnownPeer old = k.get();
            p.trust = old.verified() ? Trust.VERIFIED : p.newThisRun ? Trust.NEW : Trust.KNOWN;
            p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
            other.ifPresent(o -> warnings.add(nickConflict(p, o)));
            String keptNick = other.isPresent() ? old.nickname() : nick;
            toSave.add(rebuild(old, keptNick, clock.instant(), old.verified(),
                    merge(old.addresses(), formatAll(p.manualAddresses))));
        } else if (p.trustDecided && p.trust == Trust.CHANGED) {
            log.info("peer {} is still shown apart (changed key)", p.fingerprint);
        } else if (other.isPresent()) {
            p.trust = Trust.CHANGED;
            p.conflictsWith = other.get().fingerprint();
            if (!p.keyChangeWarned) {
                p.keyChangeWarned = true;
                warnings.add(keyChanged(p, other.get()));
            }
        } else {
            Instant now = clock.instant();
            p.trust = Trust.NEW;
            p.newThisRun = true;
            p.conflictsWith = null;
            toSave.add(new KnownPeer(p.fingerprint, p.publicKey, nick, now, now, false, formatAll(p.manualAddresses)));
        }
        p.trustDecided = true;
        return warnings;
    }

    private Warning keyChanged(Peer p, KnownPeer known) {
        log.warn("peer {} claims the nickname of known peer {} with another key", p.fingerprint, known.fingerprint());
        String message = "WARNING: a peer with a NEW KEY " + p.fingerprint + " calls itself '" + p.nickname
                + "', the nickname of known peer " + known.fingerprint() + ". It may be " + known.nickname()
                + " after a reinstall, or someone posing as them. It is shown apart and gets nothing meant for "
                + known.nickname() + " until you compare safety numbers (/verify) and accept it (/trust).";
        return new Warning("key-changed", known.fingerprint(), message, Map.of(
                "known_fingerprint", known.fingerprint(), "new_fingerprint", p.fingerprint, "nick", p.nickname));
    }

    private Warning nickConflict(Peer p, KnownPeer known) {
        log.warn("peer {} uses the nickname of known peer {}", p.fingerprint, known.fingerprint());
        String message = p.fingerprint + " calls itself '" + p.nickname + "', the nickname of known peer "
                + known.fingerprint() + "; it is shown with its fingerprint";
        return new Warning("nick-conflict", p.fingerprint, message, Map.of(
                "known_fingerprint", known.fingerprint(), "fingerprint", p.fingerprint, "nick", p.nickname));
    }

    private void warnIfSkewed(Peer p, Session s) {
        long offset = s.clockOffsetMillis();
        if (Math.abs(offset) > CLOCK_SKEW_WARN_MILLIS) {
            String message = "the clock of " + p.nickname + " (" + p.fingerprint + ") is " + Math.abs(offset / 1000)
                    + " s " + (offset > 0 ? "ahead of" : "behind") + " ours; fix the clocks if sessions fail";
            Warning w = new Warning("clock-skew", p.fingerprint, message,
                    Map.of("offset_ms", Long.toString(offset)));
            emit(l -> l.warning(w));
        }
    }

    @Override
    public void received(Session s, ChatRecord r) {
        synchronized (lock) {
            Peer p = peers.get(s.fingerprint());
            if (p == null || r == null) {
                return;
            }
            if (r instanceof ChatRecord.Text t) {
                onText(p, s, t);
            } else if (r instanceof ChatRecord.Ack a) {
                onAck(p, a.id());
            } else if (r instanceof ChatRecord.NickChange n) {
                onNickChange(p, n.nickname());
            } else if (r instanceof ChatRecord.PresenceChange pc) {
                PeerInfo before = p.info();
                p.presence = pc.presence() == null ? Presence.ONLINE : pc.presence();
                emitIfChanged(p, before);
            } else if (r instanceof ChatRecord.Typing t) {
                emit(l -> l.typing(p.fingerprint, t.active()));
            }
        }
    }

    private void onText(Peer p, Session s, ChatRecord.Text t) {
        if (t.id() == null || !MESSAGE_ID.matcher(t.id()).matches() || t.text() == null) {
            log.warn("dropping a malformed message from {}", p.fingerprint);
            return;
        }
        boolean fresh = p.received.add(t.id());
        s.send(new ChatRecord.Ack(t.id())); // duplicates too, so the sender stops resending
        if (!fresh) {
            log.debug("dropping a duplicate message from {}", p.fingerprint);
            return;
        }
        ChatMessage m = new ChatMessage(t.id(), p.fingerprint, false, p.nickname, Sanitizer.text(t.text()),
                authorTime(t.time(), s), MessageStatus.DELIVERED);
        p.conversation.add(m);
        emit(l -> l.messageReceived(m));
    }

    /** The author's clock, brought to ours with the handshake's offset; never in our future. */
    private Instant authorTime(long authorMillis, Session s) {
        long now = clock.millis();
        long ours = authorMillis - s.clockOffsetMillis();
        return Instant.ofEpochMilli(ours < 0 || ours > now ? now : ours);
    }

    private void onAck(Peer p, String id) {
        if (id == null || !p.acknowledge(id)) {
            return; // not ours, or delivered already
        }
        ChatMessage m = p.conversation.setStatus(id, MessageStatus.DELIVERED);
        emit(l -> l.messageStatusChanged(m));
        flush(p);
    }

    private void onNickChange(Peer p, String raw) {
        String nick = displayNickname(raw, p.fingerprint);
        PeerInfo before = p.info();
        p.nickname = nick;
        Optional<KnownPeer> other = known.claimedBy(nick, p.fingerprint);
        Warning warning = null;
        if (p.trust != Trust.CHANGED) {
            p.conflictsWith = other.map(KnownPeer::fingerprint).orElse(null);
            if (other.isPresent()) {
                warning = nickConflict(p, other.get());
            } else {
                known.get(p.fingerprint).ifPresent(k -> known.put(
                        rebuild(k, nick, k.lastSeen(), k.verified(), k.addresses())));
            }
        }
        emitIfChanged(p, before);
        if (warning != null) {
            Warning w = warning;
            emit(l -> l.warning(w));
        }
    }

    @Override
    public void sessionDown(Session s, String reason) {
        synchronized (lock) {
            Peer p = peers.get(s.fingerprint());
            if (p == null || p.session != s) {
                return; // a session already replaced by a newer one
            }
            log.info("session with {} down: {}", p.fingerprint, reason);
            p.session = null;
            p.presence = Presence.ONLINE;
            p.state = PeerState.OFFLINE;
            emitPeer(p);
            requeue(p);
            if (!p.discovered && !p.wanted) {
                p.state = PeerState.LOST;
                emitPeer(p);
            }
        }
    }

    @Override
    public void dialFailed(InetSocketAddress address, String reason) {
        synchronized (lock) {
            pendingDials.removeIf(d -> sameAddress(d, address));
            String where = address == null ? "?" : HostPort.format(address);
            Warning w = new Warning("dial-failed", null, "could not reach " + where + ": " + reason,
                    Map.of("address", where, "reason", String.valueOf(reason)));
            emit(l -> l.warning(w));
        }
    }

    @Override
    public void spoofDetected(String announced, String proven, InetSocketAddress from) {
        synchronized (lock) {
            String where = from == null ? "?" : HostPort.format(from);
            log.warn("spoof: {} announced {} but proved {}", where, announced, proven);
            Warning w = new Warning("spoof", announced, "SECURITY: the peer at " + where + " announced "
                    + announced + " but proved the key " + proven + "; the session was refused",
                    Map.of("announced_fingerprint", String.valueOf(announced),
                            "proven_fingerprint", String.valueOf(proven), "address", where));
            emit(l -> l.warning(w));
        }
    }

    // ---- delivery

    /** Hands queued messages to the session, in order, until it refuses one. */
    private void flush(Peer p) {
        while (p.session != null && p.trust != Trust.CHANGED && !p.outbox.isEmpty()) {
            Peer.Outgoing o = p.outbox.peekFirst();
            if (!p.session.send(o.record())) {
                return;
            }
            p.outbox.removeFirst();
            p.inflight.add(o);
            ChatMessage m = p.conversation.setStatus(o.record().id(), MessageStatus.SENT);
            emit(l -> l.messageStatusChanged(m));
        }
    }

    /** The session ended before these were acknowledged: queue them again, to be resent. */
    private void requeue(Peer p) {
        for (Peer.Outgoing o : p.requeueInflight()) {
            ChatMessage m = p.conversation.setStatus(o.record().id(), MessageStatus.QUEUED);
            emit(l -> l.messageStatusChanged(m));
        }
    }

    // ---- helpers

    private Peer peerFor(String fingerprint, String rawNickname) {
        Peer p = peers.get(fingerprint);
        return p != null ? p : newPeer(fingerprint, rawNickname);
    }

    private Peer newPeer(String fingerprint, String rawNickname) {
        Peer p = new Peer(fingerprint, displayNickname(rawNickname, fingerprint), RECENT_IDS);
        peers.put(fingerprint, p);
        return p;
    }

    /** Sanitised, cut to the protocol's limit; the short fingerprint when nothing visible is left. */
    private static String displayNickname(String raw, String fingerprint) {
        String nick = Sanitizer.nickname(raw);
        while (utf8Length(nick) > ChatRecord.MAX_NICK_BYTES) {
            nick = nick.substring(0, nick.offsetByCodePoints(nick.length(), -1));
        }
        if (nick.isBlank()) {
            int start = fingerprint.indexOf(':') + 1;
            return fingerprint.substring(start, Math.min(fingerprint.length(), start + 8));
        }
        return nick.strip();
    }

    private InetSocketAddress takePendingDial(Session s) {
        if (!s.outbound() || s.remoteAddress() == null) {
            return null;
        }
        for (InetSocketAddress d : pendingDials) {
            if (sameAddress(d, s.remoteAddress())) {
                pendingDials.remove(d);
                return d;
            }
        }
        return null;
    }

    /** Whether a session's address is the one we dialled (a host name matches by name, never by DNS). */
    private static boolean sameAddress(InetSocketAddress dialled, InetSocketAddress remote) {
        if (dialled == null || remote == null || dialled.getPort() != remote.getPort()) {
            return false;
        }
        if (dialled.isUnresolved() || remote.isUnresolved()) {
            return dialled.getHostString().toLowerCase(Locale.ROOT)
                    .equals(remote.getHostString().toLowerCase(Locale.ROOT));
        }
        return dialled.getAddress().equals(remote.getAddress());
    }

    /** A save of the known peers failed; on the saving thread. */
    private void saveFailed(String fingerprint, IOException e) {
        log.error("could not save the known peers", e);
        Warning w = new Warning("trust-store", fingerprint, "could not save the known peers ("
                + e.getMessage() + "); this run still uses the decision", Map.of());
        synchronized (lock) {
            emit(l -> l.warning(w));
        }
    }

    /** Waits until the known peers are saved with every change so far (at shutdown). */
    public void flushSaves() {
        known.flush();
    }

    private static KnownPeer rebuild(KnownPeer k, String nickname, Instant lastSeen, boolean verified,
                                     List<String> addresses) {
        return new KnownPeer(k.fingerprint(), k.publicKey(), nickname, k.firstSeen(), lastSeen, verified, addresses);
    }

    private static List<String> formatAll(List<InetSocketAddress> addresses) {
        return addresses.stream().map(HostPort::format).toList();
    }

    private static List<String> merge(List<String> a, List<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static int utf8Length(String s) {
        return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }

    private void emitPeer(Peer p) {
        PeerInfo info = p.info();
        emit(l -> l.peerChanged(info));
    }

    private void emitIfChanged(Peer p, PeerInfo before) {
        if (before == null || !before.equals(p.info())) {
            emitPeer(p);
        }
    }

    private void emit(Consumer<ChatListener> event) {
        for (ChatListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.error("a chat listener failed", e);
            }
        }
    }
}
