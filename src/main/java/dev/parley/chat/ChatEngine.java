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
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.regex.Pattern;
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
 * front end's thread). One lock guards all state, and nothing is called holding it but this package's
 * own classes and {@link Session#send}, which only queues: listeners, {@link Session#flush}, the
 * {@link Network} and the trust store's saver run after the lock is released, from the
 * {@link EventQueue}, in the order the changes were applied (see docs/ARCHITECTURE.md). The one call
 * that may wait is {@link #received}: a session's reader waits there, holding no lock, while its
 * peer has more messages waiting for the front end than {@link Inbox} allows (backpressure: TCP then
 * holds that one peer back). Bounded: history by {@link History} and {@link Conversation}, our messages
 * in flight by {@link Outbox}'s window, theirs waiting for the front end by {@link Inbox}, the peers
 * held by {@link #MAX_PEERS}. Thread-safe.
 */
public final class ChatEngine implements Chat, SessionListener, DiscoveryListener {
    private volatile java.util.function.Supplier<List<DiscoveryStatus>> discoveryStatus = List::of;
    /** Typing records go on the wire at most this often per peer. */
    public static final long TYPING_INTERVAL_MILLIS = 3_000;
    /** A peer's clock further off than this gets a {@code clock-skew} warning. */
    static final long CLOCK_SKEW_WARN_MILLIS = 60_000;
    /**
     * Peers held at most; beyond it the offline peer quiet longest that holds no decision or message
     * of ours is forgotten (identities cost an attacker nothing).
     */
    static final int MAX_PEERS = 1_024;
    /**
     * Our messages not yet on the wire are given up (FAILED) after this long: a key that never returns
     * (a reinstall) must not keep them forever. {@code /cancel} gives them up at once; accepting a new
     * key with {@code /trust} moves them to it.
     */
    public static final long QUEUED_LIFETIME_MILLIS = 24 * 3600_000L;
    /** A stranger (not remembered, nothing said either way) gone this long leaves the list. */
    static final long STRANGER_TTL_MILLIS = 10 * 60_000L;
    /** How often a reader held back for the front end looks again whether its session is still open. */
    private static final long BACKPRESSURE_RECHECK_MILLIS = 250;
    private static final Logger log = LoggerFactory.getLogger(ChatEngine.class);

    private final Object lock = new Object();
    private final String ourFingerprint;
    private final byte[] ourPublicKey;
    private final Network network;
    private final KnownPeers known;
    private final TrustRules trust;
    private final Delivery delivery;
    private final Dials dials = new Dials();
    private final BiFunction<byte[], byte[], String> safetyNumbers;
    private final Clock clock;
    private final SecureRandom random;
    private final EventQueue<ChatListener> events = new EventQueue<>("chat engine");
    private final History history;
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    private String nickname;
    private Presence presence = Presence.ONLINE;
    /** The file engine, attached once at start-up by {@code app}. */
    private volatile Transfers transfers = Transfers.NONE;

    /**
     * @param safetyNumbers the safety number of (our public key, their public key): Signal's numeric
     *     fingerprint in the app, a fake in tests
     * @throws IllegalArgumentException if {@code nickname} is not a valid nickname
     */
    public ChatEngine(String ourFingerprint, byte[] ourPublicKey, String nickname, Network network,
                      TrustStore trustStore, BiFunction<byte[], byte[], String> safetyNumbers, Clock clock,
                      SecureRandom random) {
        this(ourFingerprint, ourPublicKey, nickname, network, trustStore, null, safetyNumbers, clock, random);
    }

    /**
     * @param saver where the known peers are saved after a change (see {@link #flushSaves}); null: on
     *     the changing thread, once it has released the lock
     */
    public ChatEngine(String ourFingerprint, byte[] ourPublicKey, String nickname, Network network,
                      TrustStore trustStore, Executor saver, BiFunction<byte[], byte[], String> safetyNumbers,
                      Clock clock, SecureRandom random) {
        this(ourFingerprint, ourPublicKey, nickname, network, trustStore, saver, safetyNumbers, clock, random,
                History.DEFAULT_BYTES);
    }

    /** @param historyBytes the bound on all conversations together (see {@link History}) */
    ChatEngine(String ourFingerprint, byte[] ourPublicKey, String nickname, Network network,
               TrustStore trustStore, Executor saver, BiFunction<byte[], byte[], String> safetyNumbers,
               Clock clock, SecureRandom random, long historyBytes) {
        this.ourFingerprint = ourFingerprint;
        this.ourPublicKey = ourPublicKey.clone();
        this.network = network;
        this.known = new KnownPeers(trustStore, saver != null ? saver : events::later, this::saveFailed, clock::millis);
        this.trust = new TrustRules(known, clock);
        this.delivery = new Delivery(events, clock, this::remember);
        this.safetyNumbers = safetyNumbers;
        this.clock = clock;
        this.random = random;
        this.history = new History(historyBytes);
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
        if (nick.indexOf(' ') >= 0) {
            throw new ChatException("bad-nickname", "a nickname is one word (peers address you with /msg NICK TEXT);"
                    + " '" + nick + "' has spaces");
        }
        if (!nick.equals(raw.strip())) {
            throw new ChatException("bad-nickname", "a nickname may not hold control or invisible characters, nor"
                    + " the marks Parley draws beside one (✓ ✗ ⊘ ● ○ …); '" + nick + "' is what would be left");
        }
        int bytes = utf8Length(nick);
        if (bytes > ChatRecord.MAX_NICK_BYTES) {
            throw new ChatException("bad-nickname", "a nickname may have at most " + ChatRecord.MAX_NICK_BYTES
                    + " bytes of UTF-8; this one has " + bytes);
        }
        return nick;
    }

    private <T, E extends Exception> T change(EventQueue.Change<T, E> c) throws E {
        return events.change(lock, c);
    }

    private <E extends Exception> void step(EventQueue.Step<E> s) throws E {
        events.step(lock, s);
    }

    /**
     * Loads the known peers and asks the network to keep a session with each one the user once reached
     * by address. Call once, before discovery and the listener start.
     *
     * @throws IOException if the trust store cannot be read (never silently replaced)
     */
    public void start() throws IOException {
        List<KnownPeer> remembered = known.load(); // file I/O: before taking the lock
        step(() -> {
            for (KnownPeer k : remembered) {
                if (!k.fingerprint().equals(ourFingerprint)) {
                    restore(k);
                }
            }
        });
    }

    private void restore(KnownPeer k) {
        Peer p = peerFor(k.fingerprint(), k.nickname());
        p.publicKey = k.publicKey();
        p.trust = k.verified() ? Trust.VERIFIED : Trust.KNOWN;
        p.trustDecided = true;
        p.ignored = k.ignored();
        p.manualAddresses = Dials.parse(k);
        if (p.state == null) {
            p.state = PeerState.OFFLINE;
        }
        if (!p.manualAddresses.isEmpty() && !p.ignored) {
            want(p);
            p.state = p.session != null ? PeerState.ONLINE : PeerState.CONNECTING;
        }
        emitPeer(p);
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

    /**
     * The peer's standing, for the network's bound on sessions (issue 13): verified or known from the
     * remembered decisions, known too if the user dealt with it this run, ignored if ignored, else a
     * stranger. Any thread holding no lock; takes the engine's lock briefly.
     */
    public Standing standing(String fingerprint) {
        synchronized (lock) {
            Peer p = peers.get(fingerprint);
            Optional<KnownPeer> k = known.get(fingerprint);
            if ((p != null && p.ignored) || (k.isPresent() && k.get().ignored())) {
                return Standing.IGNORED;
            }
            if (k.isPresent()) {
                return k.get().verified() ? Standing.VERIFIED : Standing.KNOWN;
            }
            return p != null && p.interacted ? Standing.KNOWN : Standing.STRANGER;
        }
    }

    @Override
    public List<ChatMessage> conversation(String fingerprint) {
        synchronized (lock) {
            Peer p = peers.get(fingerprint);
            return p == null ? List.of() : p.conversation.snapshot();
        }
    }

    /** How many messages of the conversation with this peer left memory to keep within the bounds. */
    public long droppedFromMemory(String fingerprint) {
        synchronized (lock) {
            Peer p = peers.get(fingerprint);
            return p == null ? 0 : p.conversation.dropped();
        }
    }

    @Override
    public List<ChatMessage> undelivered() {
        synchronized (lock) {
            List<ChatMessage> out = new ArrayList<>();
            for (Peer p : peers.values()) {
                p.outbox.pending().forEach(o -> p.conversation.outgoing(o.record().id()).ifPresent(out::add));
            }
            return out;
        }
    }

    @Override
    public PeerInfo resolve(String query) throws ChatException {
        synchronized (lock) {
            return PeerLookup.find(peers.values(), query).info();
        }
    }

    @Override
    public String safetyNumber(String fingerprint) throws ChatException {
        synchronized (lock) {
            Peer p = knownPeer(fingerprint);
            String number = safetyNumbers.apply(ourPublicKey, provenKey(p));
            p.numberShown = true; // now /verify PEER confirm may follow
            return number;
        }
    }

    // ---- Chat: actions

    @Override
    public ChatMessage send(String fingerprint, String text) throws ChatException {
        String display = Sanitizer.text(text);
        if (display.isBlank()) {
            throw new ChatException("empty", "nothing to send");
        }
        int bytes = utf8Length(text);
        if (bytes > ChatRecord.MAX_TEXT_BYTES) {
            throw new ChatException("too-long", "the message is " + bytes + " bytes of UTF-8; the limit is "
                    + ChatRecord.MAX_TEXT_BYTES + " (split it; nothing was sent)");
        }
        String id = HexFormat.of().formatHex(randomBytes(16));
        return change(() -> {
            Peer p = knownPeer(fingerprint);
            refuseUntrusted(p);
            trust.interacted(p); // we wrote to it: remembered from now on
            return delivery.send(p, id, nickname, text, display, bytes);
        });
    }

    private void refuseUntrusted(Peer p) throws ChatException {
        if (p.trust == Trust.CHANGED) {
            throw new ChatException("untrusted", p.fingerprint + " claims the nickname '" + p.nickname
                    + "' of known peer " + p.conflictsWith + " with another key; compare safety numbers (/verify)"
                    + " and accept it with /trust before writing to it");
        }
        if (p.ignored) {
            throw new ChatException("ignored", "you ignore " + p.nickname + " (" + p.fingerprint
                    + "); /unignore it first");
        }
    }

    @Override
    public void connect(String hostPort) throws ChatException {
        InetSocketAddress address = HostPort.parse(hostPort);
        step(() -> {
            dials.requested(address);
            log.info("dialling {} on request", HostPort.format(address));
            events.later(() -> network.dial(address));
        });
    }

    @Override
    public void setNickname(String newNickname) throws ChatException {
        String nick = checkNickname(newNickname);
        step(() -> {
            nickname = nick;
            sendToAll(new ChatRecord.NickChange(nick));
            emit(l -> l.nicknameChanged(nick));
        });
    }

    @Override
    public void setPresence(Presence newPresence) {
        step(() -> {
            presence = newPresence;
            sendToAll(new ChatRecord.PresenceChange(newPresence));
        });
    }

    private void sendToAll(ChatRecord r) {
        for (Peer p : peers.values()) {
            if (p.session != null) {
                delivery.sendOn(p.session, r);
            }
        }
    }

    @Override
    public void typing(String fingerprint) {
        step(() -> {
            Peer p = peers.get(fingerprint);
            if (p == null || p.session == null || p.trust == Trust.CHANGED) {
                return;
            }
            long now = clock.millis();
            boolean recently = p.lastTypingSent != Long.MIN_VALUE && now - p.lastTypingSent < TYPING_INTERVAL_MILLIS;
            if (!recently && delivery.sendOn(p.session, new ChatRecord.Typing(true))) {
                p.lastTypingSent = now;
            }
        });
    }

    /**
     * Also accepts a peer of trust CHANGED, as {@link #trust} does: comparing the safety number is the
     * strongest acceptance. Refused (code {@code not-compared}) until the number was shown this run.
     */
    @Override
    public void markVerified(String fingerprint) throws ChatException {
        step(() -> {
            Peer p = knownPeer(fingerprint);
            byte[] key = provenKey(p);
            if (!p.numberShown) {
                throw new ChatException("not-compared", "compare the safety number with " + p.nickname
                        + " first: /verify " + shortFingerprint(p) + " shows it");
            }
            if (p.trust == Trust.CHANGED) {
                Peer old = retiredBy(p);
                trust.verified(p, key);
                retire(old, p);
            } else {
                trust.verified(p, key);
            }
            accepted(p);
        });
    }

    /**
     * Accepts a changed key: {@code fingerprint} is the new key (trust CHANGED) or the known peer whose
     * nickname exactly one new key claims ({@code /trust bob} after bob reinstalled). The new key takes
     * the nickname, the conversation, the queued messages and the addresses of the old one, which is
     * retired: forgotten here and in the trust store (no longer verified, no longer a nickname to
     * defend), {@link ChatListener#peerReplaced} then {@link ChatListener#peerRemoved}. Refused with
     * {@code not-changed} for a peer whose key did not change, {@code ambiguous-peer} when several new
     * keys claim it, {@code no-key} when the claim is only announced, and {@code old-key-online} while
     * the old key is online too (one of the two is not who they say: {@code /forget} the one you do not
     * believe). Returns the accepted peer.
     */
    @Override
    public PeerInfo trust(String fingerprint) throws ChatException {
        return change(() -> {
            Peer newcomer = changedKeyOf(knownPeer(fingerprint));
            byte[] key = provenKey(newcomer);
            Peer old = retiredBy(newcomer);
            trust.trusted(newcomer, key, old == null ? null : old.fingerprint);
            retire(old, newcomer);
            accepted(newcomer);
            return newcomer.info();
        });
    }

    /** The new key a {@code /trust} of {@code p} means. */
    private Peer changedKeyOf(Peer p) throws ChatException {
        if (p.trust == Trust.CHANGED) {
            return p;
        }
        List<Peer> claims = peers.values().stream()
                .filter(q -> q.trust == Trust.CHANGED && p.fingerprint.equals(q.conflictsWith)).toList();
        List<Peer> proven = claims.stream().filter(q -> q.publicKey != null).toList();
        if (claims.isEmpty()) {
            throw new ChatException("not-changed", "the key of " + p.nickname + " (" + shortFingerprint(p)
                    + ") has not changed: there is nothing to accept (it is " + p.trust.name().toLowerCase(Locale.ROOT)
                    + ")");
        }
        if (proven.isEmpty()) {
            throw new ChatException("no-key", "a new key claims " + p.nickname + " but has not connected yet, so"
                    + " it is unproven; wait until it is online");
        }
        if (proven.size() > 1) {
            throw new ChatException("ambiguous-peer", proven.size() + " new keys claim " + p.nickname + ": "
                    + proven.stream().map(q -> shortFingerprint(q)).collect(java.util.stream.Collectors.joining(", "))
                    + "; compare safety numbers (/verify PREFIX) and /trust the right one by its fingerprint");
        }
        return proven.get(0);
    }

    /** The known peer whose nickname the changed key {@code newcomer} claims (null if none is held). */
    private Peer retiredBy(Peer newcomer) throws ChatException {
        Peer old = newcomer.conflictsWith == null ? null : peers.get(newcomer.conflictsWith);
        if (old != null && old.session != null) {
            throw new ChatException("old-key-online", "the old key of " + old.nickname + " (" + shortFingerprint(old)
                    + ") is online too, so one of the two is not " + old.nickname + ": compare safety numbers with"
                    + " both (/verify PREFIX) and /forget the one you do not believe");
        }
        return old;
    }

    /** Moves what the retired key {@code old} held to {@code newcomer}, and forgets {@code old}. */
    private void retire(Peer old, Peer newcomer) {
        if (old == null) {
            return;
        }
        trust.forgotten(old.fingerprint);
        Set<InetSocketAddress> addresses = new LinkedHashSet<>(newcomer.manualAddresses);
        addresses.addAll(old.manualAddresses);
        newcomer.manualAddresses = List.copyOf(addresses);
        newcomer.conversation.absorb(old.conversation, newcomer.fingerprint);
        List<Outbox.Outgoing> moved = old.outbox.pending();
        newcomer.outbox.absorb(old.outbox);
        newcomer.interacted |= old.interacted || !moved.isEmpty();
        delivery.moved(newcomer, moved);
        unwant(old);
        String oldFp = old.fingerprint;
        PeerInfo replacement = newcomer.info();
        emit(l -> l.peerReplaced(oldFp, replacement));
        forget(old);
        log.info("peer {} now has the key {}: the old key is retired ({} queued messages moved)", oldFp,
                newcomer.fingerprint, moved.size());
    }

    /** {@code /unverify}: a verified peer goes back to known (remembered). Else {@code not-verified}. */
    @Override
    public void unverify(String fingerprint) throws ChatException {
        step(() -> {
            Peer p = knownPeer(fingerprint);
            if (p.trust != Trust.VERIFIED) {
                throw new ChatException("not-verified", p.nickname + " (" + shortFingerprint(p) + ") is not verified");
            }
            trust.unverified(p);
            p.numberShown = false;
            emitPeer(p);
        });
    }

    /**
     * {@code /forget}: everything about the peer goes, in this run and in the trust store: its key and
     * trust, ignore decision, addresses, conversation; its queued messages fail; its session ends. If
     * it comes back, it is a peer met for the first time. A new key that claimed its nickname no longer
     * conflicts with it.
     */
    @Override
    public void forget(String fingerprint) throws ChatException {
        step(() -> {
            Peer p = knownPeer(fingerprint);
            trust.forgotten(p.fingerprint);
            unwant(p);
            if (p.session != null) {
                endSession(p);
            }
            delivery.failed(p, p.outbox.dropQueued(o -> true));
            for (Peer q : peers.values()) {
                if (p.fingerprint.equals(q.conflictsWith)) {
                    q.conflictsWith = null;
                    if (q.trust == Trust.CHANGED) {
                        q.trust = Trust.NEW;
                        q.trustDecided = q.publicKey != null;
                        delivery.flush(q);
                    }
                    emitPeer(q);
                }
            }
            log.info("peer {} forgotten by the user", p.fingerprint);
            forget(p);
        });
    }

    /** {@code /cancel}: our messages to this peer not yet on the wire are given up (FAILED); returns them. */
    @Override
    public List<ChatMessage> cancel(String fingerprint) throws ChatException {
        return change(() -> {
            Peer p = knownPeer(fingerprint);
            List<Outbox.Outgoing> gone = p.outbox.dropQueued(o -> true);
            delivery.failed(p, gone);
            List<ChatMessage> out = new ArrayList<>();
            gone.forEach(o -> p.conversation.outgoing(o.record().id()).ifPresent(out::add));
            return out;
        });
    }

    /**
     * Time passing, called every few seconds by the app: queued messages older than
     * {@link #QUEUED_LIFETIME_MILLIS} fail, strangers gone for {@link #STRANGER_TTL_MILLIS} leave the list,
     * a coalesced save of the known peers that waited is made.
     */
    public void tick() {
        step(() -> {
            long now = clock.millis();
            for (Peer p : List.copyOf(peers.values())) {
                List<Outbox.Outgoing> expired = p.outbox.dropQueued(
                        o -> now - o.record().time() >= QUEUED_LIFETIME_MILLIS);
                if (!expired.isEmpty()) {
                    delivery.failed(p, expired);
                    log.info("{} messages to {} expired undelivered", expired.size(), p.fingerprint);
                    Warning w = Warnings.expired(p.fingerprint, p.nickname, expired);
                    emit(l -> l.warning(w));
                }
                if (p.state == PeerState.LOST && p.publicKey != null && now - p.lastActive >= STRANGER_TTL_MILLIS) {
                    forgetIfEmpty(p, true);
                }
            }
            known.tick();
        });
    }

    private static String shortFingerprint(Peer p) {
        int start = p.fingerprint.indexOf(':') + 1;
        return p.fingerprint.substring(start, Math.min(p.fingerprint.length(), start + 8));
    }

    private void accepted(Peer p) {
        if (!p.manualAddresses.isEmpty() && !p.wanted && !p.ignored) {
            want(p);
        }
        emitPeer(p);
        delivery.flush(p);
    }

    /**
     * Ignoring ends the session (BYE), stops dialling and refuses the peer's sessions from now on, in
     * this run and later ones (remembered with the known peers; a peer not yet proven by a session has no
     * key to remember, so it cannot be ignored yet). Unignoring dials it again if it is about.
     */
    @Override
    public void ignore(String fingerprint, boolean ignore) throws ChatException {
        step(() -> {
            Peer p = knownPeer(fingerprint);
            byte[] key = provenKey(p);
            if (p.ignored != ignore) {
                trust.ignored(p, key, ignore);
                log.info("peer {} {} by the user", p.fingerprint, ignore ? "ignored" : "no longer ignored");
                if (ignore) {
                    unwant(p);
                    if (p.session != null) {
                        endSession(p);
                    }
                } else if (p.discovered || !p.manualAddresses.isEmpty()) {
                    want(p);
                    if (p.session == null) {
                        p.state = PeerState.CONNECTING;
                    }
                }
            }
            emitPeer(p); // also when nothing changed: says where it stands
        });
    }

    /** We end the peer's session (its BYE goes out after the lock), as if it had gone down. */
    private void endSession(Peer p) {
        Session s = p.session;
        events.later(s::close);
        p.session = null;
        p.presence = Presence.ONLINE;
        p.state = PeerState.OFFLINE;
        log.info("session with {} ended by the user", p.fingerprint);
        delivery.requeue(p);
        lock.notifyAll(); // a reader held back for the front end stops waiting
    }

    /** Where {@link #discoveryStatus()} comes from: set by whoever wires discovery ({@code app}). */
    public void discoveryStatusFrom(java.util.function.Supplier<List<DiscoveryStatus>> source) {
        discoveryStatus = java.util.Objects.requireNonNull(source);
    }

    @Override
    public List<DiscoveryStatus> discoveryStatus() {
        return discoveryStatus.get();
    }

    @Override
    public void addListener(ChatListener listener) {
        events.addListener(listener);
    }

    /** Attaches the file engine the front ends reach through {@link #transfers()}. Once, before start. */
    public void attachTransfers(Transfers t) {
        transfers = t;
    }

    @Override
    public Transfers transfers() {
        return transfers;
    }

    @Override
    public void acknowledgeWhenHandedOver() {
        delivery.acknowledgeWhenHandedOver();
    }

    @Override
    public void handedOver(List<ChatMessage> messages) {
        step(() -> {
            boolean room = false;
            for (ChatMessage m : messages) {
                Peer p = m == null || m.outgoing() ? null : peers.get(m.peer());
                if (p != null) {
                    room |= delivery.handedOver(p, m.id());
                }
            }
            if (room) {
                lock.notifyAll();
            }
        });
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
        step(() -> {
            Peer p = peers.get(d.fingerprint());
            boolean arriving = p == null || p.state == PeerState.LOST || (p.state == PeerState.OFFLINE && !p.wanted);
            if (p == null) {
                p = newPeer(d.fingerprint(), d.nickname());
            }
            PeerInfo before = p.info();
            List<InetSocketAddress> dialledBefore = p.dialAddresses();
            if (p.publicKey == null) {
                p.nickname = Names.display(d.nickname(), p.fingerprint); // no proof yet: the claim is all we have
                trust.guess(p);
            }
            p.discovered = true;
            p.discoveredAddresses = d.addresses();
            if (arriving) {
                p.state = PeerState.DISCOVERED;
                emitPeer(p);
            }
            if (!p.ignored && (!p.wanted || !dialledBefore.equals(p.dialAddresses()))) {
                want(p);
            }
            if (p.state == PeerState.DISCOVERED) {
                p.state = p.ignored ? PeerState.OFFLINE : PeerState.CONNECTING;
            }
            emitIfChanged(p, arriving ? null : before);
        });
    }

    @Override
    public void lost(String fingerprint) {
        step(() -> {
            Peer p = fingerprint == null ? null : peers.get(fingerprint);
            if (p == null || !p.discovered) {
                return;
            }
            PeerInfo before = p.info();
            p.discovered = false;
            p.discoveredAddresses = List.of();
            if (!p.manualAddresses.isEmpty() && !p.ignored) {
                want(p); // only the user's addresses are left
            } else {
                unwant(p);
            }
            if (p.session == null && !p.wanted) {
                p.state = PeerState.LOST;
            }
            emitIfChanged(p, before);
            forgetIfEmpty(p);
        });
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
        if (p.publicKey == null) {
            forgetIfEmpty(p, false);
        }
    }

    /**
     * As above, also for a peer that proved a key but is not remembered (we never wrote to it, nor it to
     * us): a stranger met once. Called once it has been gone for {@link #STRANGER_TTL_MILLIS}.
     */
    private void forgetIfEmpty(Peer p, boolean proven) {
        if (p.state != PeerState.LOST || p.session != null || p.wanted || p.trust == Trust.CHANGED || p.ignored
                || known.get(p.fingerprint).isPresent() || p.conversation.size() > 0 || !p.outbox.isEmpty()) {
            return;
        }
        forget(p);
        log.debug("forgot {}: lost, never connected, nothing queued", p.fingerprint);
    }

    private void forget(Peer p) {
        peers.remove(p.fingerprint);
        p.conversation.discard();
        String fp = p.fingerprint;
        emit(l -> l.peerRemoved(fp));
    }

    /**
     * Beyond {@link #MAX_PEERS}, forgets the offline peers quiet longest that hold nothing the user
     * decided or wrote: no session, no dialling, none of our messages waiting, not verified, ignored or
     * of a changed key (whose warning waits for the user). Their history goes with them.
     */
    private void boundPeers() {
        if (peers.size() < MAX_PEERS) {
            return;
        }
        List<Peer> candidates = peers.values().stream()
                .filter(p -> p.session == null && !p.wanted && p.outbox.isEmpty() && !p.ignored
                        && p.trust != Trust.CHANGED && p.trust != Trust.VERIFIED && p.manualAddresses.isEmpty())
                .sorted(Comparator.comparingLong((Peer p) -> p.lastActive))
                .limit(peers.size() - MAX_PEERS + MAX_PEERS / 16)
                .toList();
        candidates.forEach(this::forget);
        log.info("forgot {} quiet offline peers to stay within {}", candidates.size(), MAX_PEERS);
    }

    // ---- SessionListener

    @Override
    public void sessionUp(Session s) {
        String fp = s.fingerprint();
        if (fp == null || fp.equals(ourFingerprint)) {
            log.warn("ignoring a session that claims our own fingerprint");
            return;
        }
        step(() -> up(s, fp));
    }

    private void up(Session s, String fp) {
        Peer p = peerFor(fp, s.nickname());
        if (p.ignored) {
            log.info("refusing a session with {}: ignored by the user", fp);
            events.later(s::close);
            return;
        }
        if (p.session != null && p.session != s) {
            log.info("session with {} replaced", fp);
            delivery.requeue(p);
        }
        p.session = s;
        p.publicKey = s.publicKey();
        p.presence = Presence.ONLINE;
        p.lastTypingSent = Long.MIN_VALUE;
        p.lastActive = clock.millis();
        InetSocketAddress manual = dials.answered(s);
        if (manual != null) {
            p.interacted = true; // the user dialled it: remembered
        }
        if (manual != null && !p.manualAddresses.contains(manual)) {
            List<InetSocketAddress> all = new ArrayList<>(p.manualAddresses);
            all.add(manual);
            p.manualAddresses = List.copyOf(all);
        }
        List<KnownPeer> toSave = new ArrayList<>(1);
        List<Warning> warnings = trust.decide(p, Names.display(s.nickname(), fp), toSave);
        if (manual != null && p.trust != Trust.CHANGED) {
            want(p);
        }
        p.state = PeerState.ONLINE;
        log.info("session with {} up ({}, trust {})", fp, s.outbound() ? "outbound" : "inbound", p.trust);
        emitPeer(p);
        warnings.forEach(w -> emit(l -> l.warning(w)));
        long offset = s.clockOffsetMillis();
        if (Math.abs(offset) > CLOCK_SKEW_WARN_MILLIS) {
            Warning w = Warnings.clockSkew(p.fingerprint, p.nickname, offset);
            emit(l -> l.warning(w));
        }
        if (presence != Presence.ONLINE) {
            delivery.sendOn(s, new ChatRecord.PresenceChange(presence));
        }
        delivery.flush(p);
        toSave.forEach(known::put); // last: the peer is shown online, and what waited for it sent, first
    }

    /**
     * Handles one record, then, for a message, holds the session's reader here while its peer has more
     * waiting for the front end than {@link Inbox} allows: it is read no further until the front end
     * takes some ({@link #handedOver}) or the session ends. Waits holding no lock.
     */
    @Override
    public void received(Session s, ChatRecord r) {
        boolean full = change(() -> {
            Peer p = peers.get(s.fingerprint());
            if (p == null || r == null || p.ignored) {
                return false;
            }
            dispatch(p, s, r);
            return r instanceof ChatRecord.Text && p.inbox.full(); // full only with hand-over
        });
        if (full) {
            awaitFrontEnd(s); // its events are delivered: the front end has what it must take
        }
    }

    private void dispatch(Peer p, Session s, ChatRecord r) {
        if (r instanceof ChatRecord.Text t) {
            delivery.arrived(p, s, t);
        } else if (r instanceof ChatRecord.Ack a) {
            delivery.acknowledged(p, a.id());
        } else if (r instanceof ChatRecord.NickChange n) {
            PeerInfo before = p.info();
            Optional<Warning> w = trust.renamed(p, Names.display(n.nickname(), p.fingerprint));
            emitIfChanged(p, before);
            w.ifPresent(warning -> emit(l -> l.warning(warning)));
        } else if (r instanceof ChatRecord.PresenceChange pc) {
            PeerInfo before = p.info();
            p.presence = pc.presence() == null ? Presence.ONLINE : pc.presence();
            emitIfChanged(p, before);
        } else if (r instanceof ChatRecord.Typing t) {
            String fp = p.fingerprint;
            emit(l -> l.typing(fp, t.active()));
        }
    }

    private void awaitFrontEnd(Session s) {
        log.debug("{} waits for the front end: reading it no further for now", s.fingerprint());
        synchronized (lock) {
            Peer p = peers.get(s.fingerprint());
            while (p != null && p.session == s && p.inbox.full() && s.open()) {
                try {
                    lock.wait(BACKPRESSURE_RECHECK_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                p = peers.get(s.fingerprint());
            }
        }
    }

    @Override
    public void sessionDown(Session s, String reason) {
        step(() -> {
            Peer p = peers.get(s.fingerprint());
            if (p == null || p.session != s) {
                return; // a session already replaced by a newer one, or ended by us
            }
            log.info("session with {} down: {}", p.fingerprint, reason);
            p.session = null;
            p.lastActive = clock.millis();
            p.presence = Presence.ONLINE;
            p.state = PeerState.OFFLINE;
            emitPeer(p);
            delivery.requeue(p);
            if (!p.discovered && !p.wanted) {
                p.state = PeerState.LOST;
                emitPeer(p);
            }
            lock.notifyAll();
        });
    }

    @Override
    public void dialFailed(InetSocketAddress address, String reason) {
        step(() -> {
            // not forgotten yet: a later attempt that answers makes it a remembered address (issue 12)
            Warning w = Warnings.dialFailed(address, reason);
            emit(l -> l.warning(w));
        });
    }

    /**
     * Discovery could not start ({@code why}, for the user, e.g. no usable interface): said on screen as a
     * {@code discovery-off} warning, since nothing else would show it.
     */
    public void discoveryOff(String why) {
        log.warn("discovery is off: {}", why);
        Warning w = Warnings.discoveryOff(why);
        step(() -> emit(l -> l.warning(w)));
    }

    @Override
    public void dialAbandoned(InetSocketAddress address) {
        step(() -> dials.failed(address));
    }

    /**
     * Dials to a peer went unanswered after our first handshake message, as a peer with another network key
     * answers: the hint names the peer if we know it (by fingerprint, or else by one of its addresses), goes
     * into its conversation, and is a {@code no-handshake-reply} warning.
     */
    @Override
    public void handshakeUnanswered(InetSocketAddress address, String fingerprint, int times) {
        step(() -> {
            Peer p = fingerprint == null ? null : peers.get(fingerprint);
            if (p == null && address != null) {
                p = peers.values().stream().filter(q -> q.addresses().contains(address)).findFirst().orElse(null);
            }
            Warning w = Warnings.handshakeUnanswered(address, p == null ? null : p.fingerprint,
                    p == null ? null : p.nickname, times);
            events.later(() -> log.warn("{}", w.message())); // the log writes a file: after the lock
            emit(l -> l.warning(w));
        });
    }

    /** A stranger's handshake failed our network-key check: said here only (it was sent nothing). */
    @Override
    public void otherNetworkKey(java.net.InetAddress from, boolean theyUseAKey, int moreAddresses) {
        Warning w = Warnings.otherNetworkKey(from, theyUseAKey, moreAddresses); // rate-limited: once a minute at most
        log.warn("{}", w.message());
        step(() -> emit(l -> l.warning(w)));
    }

    @Override
    public void spoofDetected(String announced, String proven, InetSocketAddress from) {
        log.warn("spoof: {} announced {} but proved {}", from == null ? "?" : HostPort.format(from), announced, proven);
        Warning w = Warnings.spoof(announced, proven, from);
        step(() -> emit(l -> l.warning(w)));
    }

    @Override
    public void problem(String code, String message) {
        log.warn("{}: {}", code, message);
        Warning w = Warnings.discovery(code, message);
        step(() -> emit(l -> l.warning(w)));
    }

    // ---- helpers

    private void want(Peer p) {
        p.wanted = true;
        String fp = p.fingerprint;
        List<InetSocketAddress> addresses = p.dialAddresses();
        boolean remembered = known.get(fp).isPresent(); // dialled before strangers (issue 13)
        events.later(() -> network.want(fp, addresses, remembered));
    }

    private void unwant(Peer p) {
        if (p.wanted) {
            p.wanted = false;
            String fp = p.fingerprint;
            events.later(() -> network.forget(fp));
        }
    }

    /** Adds a message to a conversation, keeping all conversations within the bound on history. */
    private void remember(Peer p, ChatMessage m) {
        p.conversation.add(m);
        if (history.over()) {
            history.trim(peers.values().stream().map(q -> q.conversation).toList());
        }
    }

    private Peer peerFor(String fingerprint, String rawNickname) {
        Peer p = peers.get(fingerprint);
        return p != null ? p : newPeer(fingerprint, rawNickname);
    }

    private Peer newPeer(String fingerprint, String rawNickname) {
        Peer p = new Peer(fingerprint, Names.display(rawNickname, fingerprint), history);
        p.lastActive = clock.millis();
        boundPeers(); // before it joins: a newcomer with no session yet must not be its own victim
        peers.put(fingerprint, p);
        return p;
    }

    /**
     * Tells the front ends something about this run that the user must see (the app's own warnings,
     * such as a key log in use); in order with every other event, after the lock.
     */
    public void warn(Warning w) {
        step(() -> emit(l -> l.warning(w)));
    }

    /** A save of the known peers failed; on the saving thread. */
    private void saveFailed(String fingerprint, IOException e) {
        log.error("could not save the known peers", e);
        Warning w = Warnings.trustStore(fingerprint, e.getMessage());
        step(() -> emit(l -> l.warning(w)));
    }

    /** Waits until the known peers are saved with every change so far (at shutdown). */
    public void flushSaves() {
        synchronized (lock) {
            known.saveDirty();
        }
        events.deliver();
        known.flush();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static int utf8Length(String s) {
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

    /** Queues an event for the listeners; delivered once the lock is released. Holding the lock. */
    private void emit(Consumer<ChatListener> event) {
        events.emit(event);
    }
}
