package dev.parley.net;

import dev.parley.chat.Network;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.handshake.HandshakeFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network layer: listens ({@link Acceptor}), dials ({@link Connector}, on the {@link Dialer}'s
 * schedule), runs handshakes, keeps exactly one live session per peer identity ({@link SessionRegistry})
 * and keeps sessions alive ({@link KeepAlive}).
 *
 * <p>Threads (all from the executors given): the accept loop, each connection's handshake and then its
 * session's reader, and writes that may wait run on {@code io}; dial bookkeeping, pings and silence
 * checks on the single-threaded {@code timer}. The listener is called holding no lock: for one session
 * up, records and down in that order from that session's own reader thread ({@code received} may block
 * it, which holds back only that peer); {@code dialFailed} and {@code spoofDetected} from the dialling
 * I/O thread. Methods of {@link Network} never block. Thread-safe.
 */
public final class PeerNetwork implements Network, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    /** How long {@link #close} waits for the peers to hang up before it closes what is left at once. */
    private static final long CLOSE_WAIT_MILLIS = 1000;

    private final NetSettings settings;
    private final ExecutorService io;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final FailureLog failures;
    private final Dialer dialer;
    private volatile dev.parley.chat.AddressEvidence evidence = dev.parley.chat.AddressEvidence.NONE;
    private final SessionRegistry registry;
    private final Acceptor acceptor;
    private final Connector connector;
    private final KeepAlive keepAlive;
    private final Handshaker handshaker;
    /** Connections, either way, that have started a handshake and are not yet registered or dropped. */
    private final AtomicInteger pending = new AtomicInteger();

    public PeerNetwork(NetSettings settings, SessionListener listener, ExecutorService io,
                       ScheduledExecutorService timer, Clock clock) {
        this(settings, listener, io, timer, clock, Dialer.STARTING_MILLIS);
    }

    /** @param startingMillis how long the dialer yields by fingerprint (see {@link Dialer}); tests shorten it */
    PeerNetwork(NetSettings settings, SessionListener listener, ExecutorService io, ScheduledExecutorService timer,
                Clock clock, long startingMillis) {
        this.settings = settings;
        this.io = io;
        this.timer = timer;
        this.clock = clock;
        byte[] instance = new byte[Capabilities.INSTANCE_LEN];
        settings.party().random().nextBytes(instance);
        Handshaker handshaker = new Handshaker(
                settings.withParty(settings.party().withCapabilities(Capabilities.instanceAndFeatures(instance, Capabilities.FEATURE_ROOMS | Capabilities.FEATURE_ROOM_OFFERS))), clock, io);
        this.handshaker = handshaker;
        this.failures = new FailureLog(LOG, clock, 20);
        this.dialer = new Dialer(this, settings, timer, settings.party().random(), clock, startingMillis);
        this.registry = new SessionRegistry(settings.party().publicKey(), listener, dialer, settings.maxSessions());
        LiveSession.Inbound inbound = listener::received;
        NetworkKeyHints hints = new NetworkKeyHints(listener, clock);
        this.acceptor = new Acceptor(settings, handshaker, registry, inbound, dialer::inboundEnded, io, failures, pending,
                hints);
        this.connector = new Connector(settings, handshaker, registry, listener, inbound, io, timer, failures, pending,
                hints);
        this.keepAlive = new KeepAlive(settings.pingAfter(), settings.deadAfter(), registry::live, registry::ending);
    }

    /** Binds the listener and starts accepting and pinging. */
    public void start() throws IOException {
        acceptor.start();
        long period = keepAlive.periodMillis();
        timer.scheduleAtFixedRate(keepAlive, period, period, TimeUnit.MILLISECONDS);
        LOG.info("listening on {}", acceptor.localAddress());
    }

    /**
     * Runs one handshake in memory on an I/O thread, so that the first real one meets a JVM that has
     * loaded and run its code already (see {@link HandshakeWarmUp}). Worth calling once, early, in a
     * process that has just started. Never blocks or throws.
     */
    public void warmUp() {
        try {
            io.execute(() -> HandshakeWarmUp.run(settings.party().random(), clock));
        } catch (RuntimeException e) {
            LOG.debug("no warm-up: {}", e.toString());
        }
    }

    /** The port actually bound. */
    public int port() {
        return acceptor.port();
    }

    @Override
    public void want(String expectedFingerprint, List<InetSocketAddress> addresses) {
        dialer.want(expectedFingerprint, addresses, false);
    }

    @Override
    public void want(String expectedFingerprint, List<InetSocketAddress> addresses, boolean known) {
        dialer.want(expectedFingerprint, addresses, known);
    }

    /**
     * Where a peer's standing is asked when the bound on sessions is reached (the chat engine), so that
     * known and verified peers take the place of strangers (see {@link SessionRegistry}). Set before
     * {@link #start}; by default every peer is a stranger.
     */
    public void standings(dev.parley.chat.Standing.Source source) {
        registry.standings(source);
    }

    /** Sessions refused because the bound on sessions was reached, since start. */
    public long sessionsRefusedCount() {
        return registry.refusedCount();
    }

    /** Sessions closed to make room for a peer of higher standing, since start. */
    public long sessionsPushedOutCount() {
        return registry.pushedOutCount();
    }

    /** Where the dialer reports what each address it dialled for a fingerprint proved (discovery ranks by it). */
    public void evidence(dev.parley.chat.AddressEvidence sink) {
        evidence = java.util.Objects.requireNonNull(sink);
    }

    dev.parley.chat.AddressEvidence evidence() {
        return evidence;
    }

    @Override
    public void forget(String fingerprint) {
        dialer.forget(fingerprint);
    }

    /**
     * Dials now; if that fails, says so once and tries again with backoff a few times (the peer may be
     * starting up too, as when a whole group starts at once with {@code --peer}), for a couple of
     * minutes in all.
     */
    @Override
    public void dial(InetSocketAddress address) {
        connector.dial(address);
    }

    /** Where authenticated bulk channels go (the file engine). Set before {@link #start}. */
    public void bulkDoor(BulkDoor door) {
        acceptor.bulkDoor(door);
    }

    /**
     * Dials a bulk channel for this transfer to the peer with this fingerprint at this address (where its
     * session was dialled), on the calling thread, which blocks for the connection and the handshake (at
     * most the connect and handshake timeouts). A peer proving another key is refused.
     */
    public BulkChannel openBulk(InetSocketAddress address, String expectedFingerprint, byte[] transferId)
            throws IOException, HandshakeFailedException {
        java.net.Socket socket = java.nio.channels.SocketChannel.open().socket();
        try {
            InetSocketAddress target = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            socket.connect(target, (int) settings.connectTimeout().toMillis());
            return handshaker.dialBulk(socket, expectedFingerprint, transferId);
        } catch (IOException | HandshakeFailedException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Live sessions, for status displays. */
    public List<Session> sessions() {
        return new ArrayList<>(registry.live());
    }

    /** Connections that failed before or during authentication, since start. */
    public long failureCount() {
        return failures.total();
    }

    /** Accepted connections currently in their handshake. */
    public int unauthenticatedCount() {
        return acceptor.unauthenticated();
    }

    /** Evicted unauthenticated connections whose handshake threads have not yet ended (see {@link Admission}). */
    public int unwindingCount() {
        return acceptor.unwinding();
    }

    /** Unauthenticated connections closed to make room for newer ones (see {@link Admission}), since start. */
    public long evictedCount() {
        return acceptor.evicted();
    }

    /** Connections, either way, that have started a handshake and are not yet registered or dropped. */
    public int pendingCount() {
        return pending.get();
    }

    // For the dialer (its timer thread):

    void ioExecute(Runnable r) {
        io.execute(r);
    }

    /** Whether a connection from one of these addresses is in its handshake with us (not yet registered). */
    boolean inboundInHandshake(List<InetSocketAddress> addresses) {
        return acceptor.inHandshake(addresses);
    }

    boolean isLive(String fingerprint) {
        return registry.isLive(fingerprint);
    }

    /** See {@link Connector#connect}; on an I/O thread. */
    boolean connect(InetSocketAddress address, String expectedFingerprint, Runnable onUp)
            throws IOException, HandshakeFailedException {
        return connector.connect(address, expectedFingerprint, onUp);
    }

    /**
     * Stops dialling and accepting, says goodbye to every peer, and waits about a second for them to
     * hang up; then closes what is left at once, whatever its reader is doing. Holding no lock.
     */
    @Override
    public void close() {
        dialer.close();
        acceptor.close();
        registry.close(CLOSE_WAIT_MILLIS);
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        if (e instanceof java.net.UnknownHostException) { // often without a message, from a channel's socket
            return "no such host (the name does not resolve)";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        if (e instanceof java.net.ConnectException && m != null && m.startsWith("Connection refused")) {
            return "connection refused (no Parley listening at that address and port)";
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
