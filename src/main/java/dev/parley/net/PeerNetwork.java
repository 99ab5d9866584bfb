package dev.parley.net;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Network;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.handshake.HandshakeFailedException;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The network layer: listens, dials, runs handshakes and keeps exactly one live session per peer
 * identity. When both sides dial at once, both keep the connection dialled by the side with the smaller
 * public key and close the other; the chat engine's acknowledgements and resending make sure no message
 * is lost on the closed one.
 *
 * <p>Threads (all from the executors given): the accept loop and each connection's handshake and
 * reader run on {@code io}; dial bookkeeping and pings run on the single-threaded {@code timer}.
 * Listener calls for one session are ordered (up, records, down) and made on I/O threads. Methods of
 * {@link Network} never block. Thread-safe.
 */
public final class PeerNetwork implements Network, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerNetwork.class);
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 50;

    private final NetSettings settings;
    private final SessionListener listener;
    private final ExecutorService io;
    private final Clock clock;
    private final Handshaker handshaker;
    private final Admission admission;
    private final FailureLog failures;
    private final Dialer dialer;
    private final ScheduledExecutorService timer;
    private final Object registry = new Object();
    private final Map<String, LiveSession> live = new HashMap<>();
    /**
     * Sessions told to close that are no longer in {@link #live} (replaced by another connection): their
     * readers wait for the peer to hang up, and the timer ends them if it stays silent.
     */
    private final java.util.Set<LiveSession> ending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Events events = new Events();
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    /** Accepted connections in their handshake (until registered or dropped), by source address. Guarded by itself. */
    private final Map<InetAddress, Integer> inboundInHandshake = new HashMap<>();
    private final java.util.Random dialJitter;
    private ServerSocket server;
    private volatile boolean closed;

    public PeerNetwork(NetSettings settings, SessionListener listener, ExecutorService io,
                       ScheduledExecutorService timer, Clock clock) {
        this(settings, listener, io, timer, clock, Dialer.STARTING_MILLIS);
    }

    /** @param startingMillis how long the dialer yields by fingerprint (see {@link Dialer}); tests shorten it */
    PeerNetwork(NetSettings settings, SessionListener listener, ExecutorService io, ScheduledExecutorService timer,
                Clock clock, long startingMillis) {
        this.settings = settings;
        this.listener = listener;
        this.io = io;
        this.timer = timer;
        this.clock = clock;
        byte[] instance = new byte[Capabilities.INSTANCE_LEN];
        settings.party().random().nextBytes(instance);
        this.handshaker = new Handshaker(settings.withParty(settings.party().withCapabilities(Capabilities.instance(instance))),
                clock, io);
        this.admission = new Admission(settings.maxUnauthenticated(), settings.maxUnauthenticatedPerAddress());
        this.failures = new FailureLog(LOG, clock, 20);
        this.dialJitter = new java.util.Random(settings.party().random().nextLong()); // jitter needs no secrecy
        this.dialer = new Dialer(this, settings, timer, settings.party().random(), clock, startingMillis);
    }

    /** Binds the listener and starts accepting and pinging. */
    public void start() throws IOException {
        server = bind();
        io.execute(this::acceptLoop);
        long period = Math.max(100, settings.pingAfter().toMillis() / 2);
        timer.scheduleAtFixedRate(this::pingIdle, period, period, TimeUnit.MILLISECONDS);
        LOG.info("listening on {}", server.getLocalSocketAddress());
    }

    /** Sockets come from channels: {@link LiveSession} reads and writes through the channel itself. */
    private ServerSocket bind() throws IOException {
        InetAddress at = settings.bindAddress();
        try {
            return listen(new InetSocketAddress(at, settings.port()));
        } catch (BindException e) {
            if (!settings.fallbackToFreePort()) {
                throw new BindException("port " + settings.port() + " is in use: " + e.getMessage());
            }
            LOG.info("port {} is in use; listening on a free port instead", settings.port());
            return listen(new InetSocketAddress(at, 0));
        }
    }

    private static ServerSocket listen(InetSocketAddress at) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.socket().bind(at, 128);
            return channel.socket();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
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
        return server.getLocalPort();
    }

    @Override
    public void want(String expectedFingerprint, List<InetSocketAddress> addresses) {
        dialer.want(expectedFingerprint, addresses);
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
        dial(address, 0);
    }

    /** How many times a dial by address is tried before it is given up. */
    static final int DIAL_ATTEMPTS = 8;

    private void dial(InetSocketAddress address, int attempt) {
        if (closed) {
            return;
        }
        io.execute(() -> {
            try {
                connect(address, null, () -> { });
            } catch (IOException | HandshakeFailedException e) {
                failures.failure("dial", address, e.getMessage());
                if (attempt == 0) {
                    listener.dialFailed(address, describe(e));
                }
                if (attempt + 1 < DIAL_ATTEMPTS && !(e instanceof SpoofedIdentityException)) {
                    long delay = settings.backoff().delay(attempt, dialJitter).toMillis();
                    try {
                        timer.schedule(() -> dial(address, attempt + 1), delay, TimeUnit.MILLISECONDS);
                    } catch (RuntimeException shutDown) {
                        // stopping: no more attempts
                    }
                }
            }
        });
    }

    /** Live sessions, for status displays. */
    public List<Session> sessions() {
        synchronized (registry) {
            return new ArrayList<>(live.values());
        }
    }

    /** Connections that failed before or during authentication, since start. */
    public long failureCount() {
        return failures.total();
    }

    /** Accepted connections currently in their handshake. */
    public int unauthenticatedCount() {
        return admission.total();
    }

    /** Unauthenticated connections closed to make room for newer ones (see {@link Admission}), since start. */
    public long evictedCount() {
        return admission.evictions();
    }

    /** Connections, either way, that have started a handshake and are not yet registered or dropped. */
    public int pendingCount() {
        return pending.get();
    }

    void ioExecute(Runnable r) {
        io.execute(r);
    }

    /** Whether a connection from one of these addresses is in its handshake with us (not yet registered). */
    boolean inboundInHandshake(List<InetSocketAddress> addresses) {
        synchronized (inboundInHandshake) {
            for (InetSocketAddress a : addresses) {
                if (a.getAddress() != null && inboundInHandshake.containsKey(a.getAddress())) {
                    return true;
                }
            }
            return false;
        }
    }

    boolean isLive(String fingerprint) {
        synchronized (registry) {
            return live.containsKey(fingerprint);
        }
    }

    /**
     * Connects, authenticates and runs the session on the calling thread until it ends. {@code onUp}
     * runs once the session is registered. Returns false when the new session was a duplicate of a
     * preferred existing one and was closed at once.
     */
    boolean connect(InetSocketAddress address, String expectedFingerprint, Runnable onUp)
            throws IOException, HandshakeFailedException {
        Socket socket = SocketChannel.open().socket();
        LiveSession s;
        boolean registered;
        pending.incrementAndGet();
        try {
            // Addresses from the user may be host names, unresolved until now (this is an I/O thread).
            InetSocketAddress target = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            socket.connect(target, (int) settings.connectTimeout().toMillis());
            s = handshaker.dial(socket, address, expectedFingerprint, events);
            registered = register(s);
        } catch (SpoofedIdentityException e) {
            socket.close();
            LOG.warn("peer at {} announced {} but proved {}: refused", address, e.announced, e.proven);
            listener.spoofDetected(e.announced, e.proven, address);
            throw e;
        } catch (IOException | HandshakeFailedException | RuntimeException e) {
            socket.close();
            throw e;
        } finally {
            pending.decrementAndGet();
        }
        if (!registered) {
            return false;
        }
        onUp.run();
        run(s);
        return true;
    }

    private void acceptLoop() {
        Thread.currentThread().setName("parley-net-accept");
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    // e.g. out of file descriptors: pause rather than spin, and log at a bounded rate
                    failures.failure("accept", server.getLocalSocketAddress(), e.toString());
                    pauseAfterAcceptFailure();
                }
                continue;
            }
            InetAddress from = socket.getInetAddress();
            Admission.Ticket ticket = admission.admit(from, socket);
            if (ticket == null) {
                failures.failure("connection", from, "too many unauthenticated connections from this address");
                closeQuietly(socket);
                continue;
            }
            try {
                io.execute(() -> inbound(socket, ticket));
            } catch (RuntimeException e) {
                ticket.release();
                closeQuietly(socket);
            }
        }
    }

    private static void pauseAfterAcceptFailure() {
        try {
            Thread.sleep(ACCEPT_FAILURE_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void inbound(Socket socket, Admission.Ticket ticket) {
        LiveSession s;
        boolean registered;
        pending.incrementAndGet();
        InetAddress from = socket.getInetAddress();
        synchronized (inboundInHandshake) {
            inboundInHandshake.merge(from, 1, Integer::sum);
        }
        try {
            try {
                s = handshaker.accept(socket, events);
            } finally {
                ticket.release();
            }
            registered = register(s);
        } catch (IOException | HandshakeFailedException | RuntimeException e) {
            failures.failure("handshake", socket.getRemoteSocketAddress(), describe(e));
            closeQuietly(socket);
            return;
        } finally {
            pending.decrementAndGet();
            synchronized (inboundInHandshake) {
                inboundInHandshake.computeIfPresent(from, (a, n) -> n <= 1 ? null : n - 1);
            }
            dialer.inboundEnded(from); // after register: a dial that waited for this sees the session
        }
        if (registered) {
            run(s);
        }
    }

    private void run(LiveSession s) {
        Thread t = Thread.currentThread();
        String name = t.getName();
        t.setName("parley-net-reader-" + s.fingerprint().substring(7, 15));
        try {
            events.ended(s, s.readLoop());
        } finally {
            t.setName(name);
        }
    }

    /** Makes the session the one for its peer, or closes it if the existing one is preferred. */
    private boolean register(LiveSession s) {
        synchronized (registry) {
            if (closed) {
                s.abort();
                return false;
            }
            LiveSession existing = live.get(s.fingerprint());
            if (existing != null) {
                if (!restarted(s, existing) && !preferred(s, existing)) {
                    LOG.debug("keeping {}, closing duplicate {}", existing, s);
                    s.discard(); // it never gets a reader, so nothing else would close its socket
                    return false;
                }
                LOG.debug("{} replaces {}", s, existing);
                reportDown(existing, "replaced by another connection");
                ending.add(existing);
                existing.close();
            }
            live.put(s.fingerprint(), s);
            LOG.info("{} is up", s);
            synchronized (s) {
                s.reportedUp = true;
                listener.sessionUp(s);
            }
        }
        dialer.sessionUp(s.fingerprint());
        return true;
    }

    /**
     * A connection from another run of the peer's process than the existing one: the peer restarted
     * and the existing session is a stale leftover (say, of a cut cable) that has not timed out yet.
     */
    private static boolean restarted(LiveSession candidate, LiveSession existing) {
        byte[] now = Capabilities.instanceOf(candidate.handshake().peerPayload().capabilities());
        byte[] before = Capabilities.instanceOf(existing.handshake().peerPayload().capabilities());
        return now != null && before != null && !Arrays.equals(now, before);
    }

    /**
     * Of two connections to one peer, both sides keep the one dialled by the side with the smaller
     * public key; between two dialled by the same side, the one with the smaller transcript hash. Both
     * rules use only what both sides know, so they agree whatever order the connections completed in.
     */
    private boolean preferred(LiveSession candidate, LiveSession existing) {
        if (candidate.outbound() == existing.outbound()) {
            return Arrays.compareUnsigned(candidate.handshake().transcriptHash(), existing.handshake().transcriptHash()) < 0;
        }
        byte[] ours = settings.party().publicKey();
        byte[] theirs = candidate.publicKey();
        boolean weAreSmaller = Arrays.compareUnsigned(ours, theirs) < 0;
        return candidate.outbound() == weAreSmaller;
    }

    /** Called holding the registry lock; the session's own lock orders this after its last record. */
    private void reportDown(LiveSession s, String reason) {
        synchronized (s) {
            live.remove(s.fingerprint(), s);
            if (s.reportedUp && !s.reportedDown) {
                s.reportedDown = true;
                LOG.info("{} is down: {}", s, reason);
                listener.sessionDown(s, reason);
            }
        }
    }

    private final class Events implements LiveSession.Inbound {
        @Override
        public void received(LiveSession s, ChatRecord r) {
            synchronized (s) {
                if (s.reportedUp && !s.reportedDown) {
                    listener.received(s, r);
                }
            }
        }

        /** The session's reader ended; on its thread. */
        void ended(LiveSession s, SessionReader.End end) {
            ending.remove(s);
            boolean wasCurrent;
            synchronized (registry) {
                wasCurrent = live.get(s.fingerprint()) == s;
                reportDown(s, end.reason());
            }
            if (wasCurrent && !closed) {
                dialer.sessionEnded(s.fingerprint(), end.peerSaidGoodbye());
            }
        }
    }

    /** Pings sessions we have been quiet on, and ends those whose peer has been silent too long. */
    private void pingIdle() {
        long deadAfter = settings.deadAfter().toMillis();
        for (LiveSession l : ending) {
            if (l.idleReceiveMillis() >= deadAfter) {
                l.endSilent("closed; peer silent for " + deadAfter / 1000 + " s");
            }
        }
        for (Session s : sessions()) {
            LiveSession l = (LiveSession) s;
            if (l.idleReceiveMillis() >= deadAfter) {
                l.endSilent("peer silent for " + deadAfter / 1000 + " s");
            } else if (l.idleSendMillis() >= settings.pingAfter().toMillis()) {
                l.ping();
            }
        }
    }

    /** Stops accepting and dialling, says goodbye to every peer, and waits briefly for them to close. */
    @Override
    public void close() {
        List<LiveSession> sessions;
        synchronized (registry) {
            if (closed) {
                return;
            }
            closed = true;
            sessions = new ArrayList<>(live.values());
        }
        dialer.close();
        if (server != null) {
            closeQuietly(server);
        }
        sessions.forEach(LiveSession::close);
        sessions.addAll(ending);
        long deadline = clock.millis() + 1000;
        for (LiveSession s : sessions) {
            if (!s.awaitEnd(Math.max(1, deadline - clock.millis()))) {
                s.abort();
            }
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
