package dev.parley.app;

import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;
import dev.parley.crypto.Ed25519;
import dev.parley.rooms.RoomsEngine;
import dev.parley.rooms.RoomsSessions;
import dev.parley.chat.Discovery;
import dev.parley.chat.DiscoveryStatus;
import dev.parley.discovery.Advertisement;
import dev.parley.discovery.Discoveries;
import dev.parley.discovery.DnsSdConfig;
import dev.parley.discovery.InterfaceSelectionException;
import dev.parley.discovery.InterfaceSelector;
import dev.parley.discovery.JmdnsDiscovery;
import dev.parley.files.FileEngine;
import dev.parley.discovery.UnicastDnsSd;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.identity.Identity;
import dev.parley.identity.IdentityException;
import dev.parley.identity.KnownPeersFile;
import dev.parley.identity.NetworkKey;
import dev.parley.identity.SafetyNumber;
import dev.parley.identity.TsigKey;
import dev.parley.net.KeyLog;
import dev.parley.net.NetSettings;
import dev.parley.net.PeerNetwork;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running peer: identity, network, discovery and chat engine wired together, started in a safe order
 * and stopped in the reverse one. Front ends get {@link #chat()}. Start from one thread; {@link #close()}
 * from any (the main thread and a signal's shutdown hook both may).
 */
final class Parley implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Parley.class);
    /** How long quitting waits for mDNS's goodbyes (JmDNS sends the first at once, repeats it after 1 and 2 s). */
    static final java.time.Duration GOODBYE_WAIT = java.time.Duration.ofMillis(250);

    private final Settings settings;
    private final KeyLog keyLog;
    private final Identity identity;
    private final byte[] networkKey;
    private final Threads threads = new Threads();
    private final AtomicReference<String> nickname;
    private final ChatEngine chat;
    private final RoomsEngine rooms;
    private final PeerNetwork network;
    private List<InterfaceSelector.Selected> interfaces = List.of();
    private volatile Discovery discovery;
    private volatile JmdnsDiscovery mdnsSource;
    private volatile UnicastDnsSd dnsSdSource;
    /** Whether {@link #close()} has begun, and once it has ended. */
    private final java.util.concurrent.atomic.AtomicBoolean closing = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** How long a second {@link #close()} waits for the first (which is bounded: network, DNS-SD, mDNS, threads). */
    static final java.time.Duration SECOND_CLOSE_WAIT = java.time.Duration.ofSeconds(10);
    private final dev.parley.chat.NetworkStatus status = new dev.parley.chat.NetworkStatus(java.time.Clock.systemUTC());

    private Parley(Path stateDir, Settings settings, Identity identity, byte[] networkKey, Map<String, String> env) {
        this.settings = settings;
        this.identity = identity;
        this.networkKey = networkKey;
        this.nickname = new AtomicReference<>(settings.nick());
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        LateNetwork late = new LateNetwork();
        this.chat = new ChatEngine(identity.fingerprint(), identity.publicKey(), settings.nick(), late,
                new KnownPeersFile(stateDir), threads.store, SafetyNumber::of, clock, random);
        LocalParty party = new LocalParty(identity.keyPair(), identity.publicKey(), networkKey, 1, 1, nickname::get,
                clock, random, PublicKeyOps.JDK);
        this.keyLog = KeyLog.fromEnvironment(env);
        NetSettings net = NetSettings.defaults(party, settings.port()).withKeyLog(keyLog)
                .withBindAddress(settings.listen())
                .withFallbackToFreePort(!settings.portChosen()); // a port the user chose is used or refused
        this.rooms = new RoomsEngine(identity.fingerprint(), identity.publicKey(), settings.nick(),
                m -> Ed25519.sign(identity.keyPair().getPrivate(), m), clock, random);
        rooms.setAutoRejoin(settings.roomsAutoRejoin());
        PeerNetwork[] bulk = new PeerNetwork[1];
        FileEngine files = new FileEngine(chat, (a, fp, id) -> bulk[0].openBulk(a, fp, id), threads.files,
                threads.netTimer, clock, random, FileEngine.Settings.defaults(settings.downloads(),
                settings.autoAcceptVerified()).withState(stateDir));
        // Files first (they take their own records), then rooms, then the chat engine.
        this.network = new PeerNetwork(net, files.tap(RoomsSessions.wire(chat, rooms)), threads.netIo,
                threads.netTimer, clock);
        bulk[0] = network;
        network.standings(chat::standing); // known and verified peers before strangers at the bound on sessions
        network.bulkDoor(files);
        chat.attachTransfers(files);
        late.set(network);
        chat.addListener(new NicknameFollower());
        chat.discoveryStatusFrom(this::discoveryStatus);
        status.sourcesFrom(this::discoveryStatus);
    }

    /**
     * Takes the identity (loading since {@code early} started), loads the network key, lets the front end
     * attach to the chat engine (so it sees every event from the start), binds the listener, registers with mDNS and dials known peers.
     */
    static Parley start(Path stateDir, Settings settings, Map<String, String> env, EarlyIdentity early,
                        java.util.function.Consumer<dev.parley.chat.Chat> attachFrontEnd)
            throws StartupException {
        return start(stateDir, settings, env, early, (chat, rooms) -> attachFrontEnd.accept(chat));
    }

    /** As above, for a front end that also shows rooms. */
    static Parley start(Path stateDir, Settings settings, Map<String, String> env, EarlyIdentity early,
                        java.util.function.BiConsumer<dev.parley.chat.Chat, RoomsEngine> attachFrontEnd)
            throws StartupException {
        Identity identity;
        byte[] key = null;
        try {
            identity = early.get();
            if (settings.networkKey() != null) {
                key = NetworkKey.load(settings.networkKey());
            }
        } catch (IdentityException e) {
            throw new StartupException(e.getMessage(), false);
        }
        Parley p = new Parley(stateDir, settings, identity, key, env);
        try {
            p.begin(attachFrontEnd);
        } catch (StartupException e) {
            p.close();
            throw e;
        }
        return p;
    }

    private void begin(java.util.function.BiConsumer<dev.parley.chat.Chat, RoomsEngine> attachFrontEnd)
            throws StartupException {
        threads.store.execute(dev.parley.chat.Sanitizer::warmUp); // ICU's confusables, before the first nickname
        attachFrontEnd.accept(chat, rooms);
        if (keyLog != null) {
            chat.warn(new Warning("keylog", null, KeyLog.VARIABLE + " is set: the keys of every session are written to "
                    + keyLog.file() + "; anyone who can read that file can decrypt captured traffic. Unset it unless"
                    + " you are debugging.", Map.of("file", keyLog.file().toString())));
        }
        try {
            chat.start();
            network.start();
            network.warmUp(); // while discovery starts: the first handshakes come soon after ready
        } catch (IOException e) {
            throw new StartupException("cannot start: " + e.getMessage(), false);
        }
        if (!settings.portChosen() && network.port() != settings.port()) {
            chat.warn(new Warning("port-in-use", null, "port " + settings.port() + " is in use (another Parley?);"
                    + " listening on port " + network.port() + " instead. Peers that know this one by address"
                    + " will not find it: choose a port with --port", Map.of("port", Integer.toString(settings.port()),
                    "listening", Integer.toString(network.port()))));
        }
        startDiscovery();
        for (String peer : settings.peers()) {
            try {
                chat.connect(peer);
            } catch (ChatException e) {
                throw new StartupException("--peer " + peer + ": " + e.getMessage(), true);
            }
        }
        // Time passing for the engine: queued messages expire, strangers age out, coalesced saves.
        threads.netTimer.scheduleWithFixedDelay(this::tickChat, CHAT_TICK_SECONDS, CHAT_TICK_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS);
        LOG.info("{} ready as {} on port {}; discovery: {}", identity.fingerprint(), settings.nick(), network.port(),
                discoveryStatus());
    }

    private static final long CHAT_TICK_SECONDS = 5;

    private void tickChat() {
        try {
            chat.tick();
        } catch (RuntimeException e) {
            LOG.error("the chat engine's tick failed", e); // the next one runs all the same
        }
    }

    /** mDNS and unicast DNS-SD, as the settings ask, merged into one source for the engine. */
    private void startDiscovery() throws StartupException {
        Map<String, Discovery> sources = new java.util.LinkedHashMap<>();
        if (settings.mdns()) {
            JmdnsDiscovery mdns = mdns();
            if (mdns != null) {
                mdnsSource = mdns;
                sources.put("mdns", mdns);
            }
        }
        UnicastDnsSd dnsSd = dnsSd();
        if (dnsSd != null) {
            dnsSdSource = dnsSd;
            sources.put(UnicastDnsSd.CODE, dnsSd);
        }
        if (sources.isEmpty()) {
            return;
        }
        Discoveries all = new Discoveries(sources, threads.discovery);
        try {
            all.start(new CompatiblePeers(chat, identity.fingerprint(), networkKey != null, 1, 1, status));
        } catch (IOException e) {
            throw new StartupException("cannot start discovery: " + e.getMessage()
                    + " (use --no-mdns to run without mDNS)", false);
        }
        discovery = all;
    }

    private Advertisement advertisement() {
        return Advertisement.v1(nickname.get(), identity.fingerprint(), network.port(), networkKey != null);
    }

    private JmdnsDiscovery mdns() throws StartupException {
        try {
            interfaces = InterfaceSelector.select(settings.interfaces());
        } catch (InterfaceSelectionException e) {
            if (settings.interfaces().isEmpty()) { // none asked for by name: run without mDNS, and say so
                chat.discoveryOff(e.getMessage());
                return null;
            }
            throw new StartupException(e.getMessage(), true);
        }
        if (interfaces.isEmpty()) {
            chat.discoveryOff(InterfaceSelector.whyNone()); // on screen and in headless, not only in the log
            return null;
        }
        for (InterfaceSelector.Selected s : interfaces) {
            status.interfaceState(s.name(), s.address().getHostAddress() + ", mDNS on");
        }
        JmdnsDiscovery mdns = new JmdnsDiscovery(interfaces, advertisement(), threads.discovery, threads.netTimer);
        network.evidence(mdns); // what dials prove ranks discovery's hints (issue 13)
        return mdns;
    }

    /**
     * Unicast DNS-SD: the configured domains; the automatic ones (RFC 6763 section 11) only with mDNS on, so
     * that {@code --no-mdns} sends no discovery query the user did not ask for; registration if asked.
     */
    private UnicastDnsSd dnsSd() throws StartupException {
        if (!settings.dnsSd()) {
            return null;
        }
        TsigKey key = null;
        if (settings.dnsSdKey() != null) {
            if (settings.dnsSdRegister() == null) {
                LOG.warn("dns-sd-key is set but dns-sd-register is not; the key is not used");
            } else {
                try {
                    key = TsigKey.load(settings.dnsSdKey());
                } catch (IdentityException e) {
                    throw new StartupException(e.getMessage(), false);
                }
            }
        }
        DnsSdConfig config = DnsSdConfig.of(settings.dnsSdDomains(), settings.mdns(), settings.dnsSdRegister(), key,
                List.of());
        if (!config.active()) {
            return null;
        }
        return new UnicastDnsSd(config, advertisement(), this::inetAddresses, threads.dnsSd, threads.discovery);
    }

    private List<InetAddress> inetAddresses() {
        List<InetAddress> out = new ArrayList<>();
        for (String a : addresses()) {
            try {
                out.add(InetAddress.getByName(a)); // literal addresses: no lookup
            } catch (java.net.UnknownHostException e) {
                LOG.debug("skipping address {}", a);
            }
        }
        return out;
    }

    /** How each discovery source stands, those turned off included, for diagnostics ({@code Chat.discoveryStatus}). */
    List<DiscoveryStatus> discoveryStatus() {
        Discovery d = discovery;
        List<DiscoveryStatus> out = new ArrayList<>(d == null ? List.of() : d.status());
        if (out.stream().noneMatch(s -> s.source().equals("mdns"))) {
            out.add(0, new DiscoveryStatus("mdns", "off", 0, settings.mdns() ? "no interface suitable" : "--no-mdns"));
        }
        if (out.stream().noneMatch(s -> s.source().equals(UnicastDnsSd.CODE))) {
            out.add(new DiscoveryStatus(UnicastDnsSd.CODE, "off", 0,
                    settings.dnsSd() ? "no domain configured" + (settings.mdns() ? "" : " (automatic domains need mDNS on)")
                            : "--no-dns-sd"));
        }
        return out;
    }

    ChatEngine chat() {
        return chat;
    }

    /** What /status shows: filled as the network starts and discovery sees announcements. */
    dev.parley.chat.NetworkStatus status() {
        status.listening(addresses(), port());
        if (!settings.mdns()) {
            status.interfaceState("(all)", "mDNS off (--no-mdns or mdns = false)");
        }
        status.networkKey(networkKey == null ? null : keyHash(networkKey));
        return status;
    }

    /** The first 8 hex digits of SHA-256 over the key: enough to compare, nothing to learn the key from. */
    static String keyHash(byte[] key) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256").digest(key);
            return java.util.HexFormat.of().formatHex(h, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    int port() {
        return network.port();
    }

    boolean networkKeyInUse() {
        return networkKey != null;
    }

    /**
     * The addresses we can be reached at: the one we listen on, if only one; else those discovery
     * announces, else every non-loopback IPv4.
     */
    List<String> addresses() {
        List<String> out = new ArrayList<>();
        if (settings.listen() != null && !settings.listen().isAnyLocalAddress()) {
            return List.of(dev.parley.chat.HostPort.address(settings.listen()));
        }
        for (InterfaceSelector.Selected s : interfaces) {
            out.add(dev.parley.chat.HostPort.address(s.address()));
        }
        if (out.isEmpty()) {
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                            out.add(a.getHostAddress());
                        }
                    }
                }
            } catch (SocketException e) {
                LOG.debug("cannot list interfaces: {}", e.toString());
            }
        }
        return out;
    }

    /**
     * Stops in the order the architecture gives: goodbye to every peer and close the sockets (which ends
     * the readers), then mDNS (which may take seconds, while the sessions are already gone), then the
     * known peers are saved if a save is pending, then threads. Once: a second call (the main thread's, while a
     * signal's shutdown stops the peer) waits for the first to finish, within {@link #SECOND_CLOSE_WAIT}.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                if (!closed.await(SECOND_CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    LOG.warn("stopping takes longer than {} s; not waiting for it", SECOND_CLOSE_WAIT.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            stop();
        } finally {
            closed.countDown();
        }
    }

    private void stop() {
        network.close();
        UnicastDnsSd d = dnsSdSource;
        if (d != null) {
            d.close(); // withdraws our records, 2 s at most
        }
        JmdnsDiscovery m = mdnsSource;
        if (m != null) {
            m.close(GOODBYE_WAIT); // the first goodbye goes out at once; quitting does not wait for the repeats
        }
        if (discovery != null) {
            discovery.close(); // both closed already; stops the merged events
        }
        chat.flushSaves();
        threads.close();
        LOG.info("stopped");
    }

    /** Our nickname travels in new handshakes and in the mDNS announcement. */
    private final class NicknameFollower implements ChatListener {
        @Override
        public void nicknameChanged(String ourNickname) {
            nickname.set(ourNickname);
            Discovery d = discovery;
            if (d != null) {
                threads.discovery.execute(() -> d.setNickname(ourNickname));
            }
        }

        @Override public void peerChanged(PeerInfo peer) { }
        @Override public void messageReceived(ChatMessage message) { }
        @Override public void messageStatusChanged(ChatMessage message) { }
        @Override public void warning(Warning warning) { }
    }
}
