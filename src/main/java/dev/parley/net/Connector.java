package dev.parley.net;

import dev.parley.chat.SessionListener;
import dev.parley.chat.Standing;
import dev.parley.handshake.HandshakeFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials: connects, runs the initiator's side of the handshake, registers the session and runs it on
 * the dialling thread until it ends. A dial by address ({@link #dial}) is tried again with backoff and
 * its first failure reported; the dialer's own dials ({@link #connect}) it retries itself. Dials run on
 * I/O threads, retries are scheduled on the timer; listener calls ({@code dialFailed},
 * {@code spoofDetected}) are made on the dialling thread, holding no lock. Thread-safe.
 */
final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    /** How many times a dial by address is tried before it is given up. */
    static final int DIAL_ATTEMPTS = 8;
    /** Dials by address waiting for one of the {@link NetSettings#ADDRESS_DIALS} places; beyond, refused. */
    static final int MAX_WAITING_ADDRESS_DIALS = 256;

    private final NetSettings settings;
    private final Handshaker handshaker;
    private final SessionRegistry registry;
    private final SessionListener listener;
    private final LiveSession.Inbound inbound;
    private final Executor io;
    private final ScheduledExecutorService timer;
    private final FailureLog failures;
    private final AtomicInteger pending;
    private final NetworkKeyHints hints;
    /** Jitter for retries; needs no secrecy. Guarded by itself (Random is thread-safe). */
    private final Random jitter;
    private final Object addressDialLock = new Object();
    /** Dials by address in their connect and handshake, at most {@link NetSettings#ADDRESS_DIALS}. Guarded by the lock. */
    private int addressDialsRunning;
    /** Dials by address waiting for a place, oldest first. Guarded by the lock. */
    private final java.util.ArrayDeque<Runnable> addressDialsWaiting = new java.util.ArrayDeque<>();

    Connector(NetSettings settings, Handshaker handshaker, SessionRegistry registry, SessionListener listener,
              LiveSession.Inbound inbound, Executor io, ScheduledExecutorService timer, FailureLog failures,
              AtomicInteger pending, NetworkKeyHints hints) {
        this.settings = settings;
        this.handshaker = handshaker;
        this.registry = registry;
        this.listener = listener;
        this.inbound = inbound;
        this.io = io;
        this.timer = timer;
        this.failures = failures;
        this.pending = pending;
        this.hints = hints;
        this.jitter = new Random(settings.party().random().nextLong());
    }

    /**
     * Connects, authenticates and runs the session on the calling thread (an I/O thread) until it ends;
     * {@code onUp} runs once the session has been reported up. Returns false when the new session was a
     * duplicate of a preferred existing one and was closed at once. A peer proving another key than
     * {@code expectedFingerprint} is reported as a spoof and refused ({@link SpoofedIdentityException}).
     */
    boolean connect(InetSocketAddress address, String expectedFingerprint, Runnable onUp)
            throws IOException, HandshakeFailedException {
        return connect(address, expectedFingerprint, onUp, Standing.STRANGER);
    }

    /**
     * As {@link #connect(InetSocketAddress, String, Runnable)}, the session of at least this standing for
     * the bound on sessions (see {@link SessionRegistry}); when the bound refuses it,
     * {@link SessionRegistry.SessionsFullException}.
     */
    boolean connect(InetSocketAddress address, String expectedFingerprint, Runnable onUp, Standing floor)
            throws IOException, HandshakeFailedException {
        return connect(address, expectedFingerprint, onUp, floor, () -> { });
    }

    /** @param handshakeEnded runs once the handshake ended, either way, before the session (if any) runs */
    private boolean connect(InetSocketAddress address, String expectedFingerprint, Runnable onUp, Standing floor,
                            Runnable handshakeEnded) throws IOException, HandshakeFailedException {
        Socket socket;
        try {
            socket = SocketChannel.open().socket();
        } catch (IOException | RuntimeException e) {
            handshakeEnded.run();
            throw e;
        }
        SessionRegistry.Kept kept;
        pending.incrementAndGet();
        try {
            // Addresses from the user may be host names, unresolved until now (this is an I/O thread).
            InetSocketAddress target = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            socket.connect(target, (int) settings.connectTimeout().toMillis());
            LiveSession session;
            try {
                session = handshaker.dial(socket, address, expectedFingerprint, inbound);
            } catch (UnansweredHandshakeException e) {
                hints.unanswered(address, expectedFingerprint);
                throw e;
            } catch (HandshakeFailedException e) {
                hints.answered(address); // it answered M1, so it has our network key
                throw e;
            }
            hints.answered(address);
            kept = registry.register(session, floor);
        } catch (SpoofedIdentityException e) {
            hints.answered(address);
            socket.close();
            LOG.warn("peer at {} announced {} but proved {}: refused", address, e.announced, e.proven);
            listener.spoofDetected(e.announced, e.proven, address);
            throw e;
        } catch (IOException | HandshakeFailedException | RuntimeException e) {
            socket.close();
            throw e;
        } finally {
            pending.decrementAndGet();
            handshakeEnded.run();
        }
        if (kept == null) {
            return false;
        }
        kept.run(onUp);
        return true;
    }

    /**
     * Dials an address now, on an I/O thread, whoever answers; if that fails, says so once and tries
     * again with backoff a few times (the peer may be starting up too, as when a whole group starts at
     * once with {@code --peer}), for a couple of minutes in all. Never blocks.
     *
     * <p>At most {@link NetSettings#ADDRESS_DIALS} dials by address (first tries and retries alike) are in
     * their connect and handshake at once, what the I/O threads' cap allows for
     * ({@link NetSettings#ioThreads()}); one beyond waits its turn without a thread, and starts when one of
     * them ends its handshake (the thread then goes on as the session's reader, counted with the sessions).
     * Unlimited dials would use threads counted for sessions' writers, whose hand-off would then be refused.
     * At most {@link #MAX_WAITING_ADDRESS_DIALS} wait; beyond that a dial fails at once ({@code dialFailed}).
     */
    void dial(InetSocketAddress address) {
        dial(address, 0);
    }

    private void dial(InetSocketAddress address, int attempt) {
        if (registry.isClosed()) {
            return;
        }
        Runnable task = () -> attempt(address, attempt);
        boolean refused = false;
        synchronized (addressDialLock) {
            if (addressDialsRunning < NetSettings.ADDRESS_DIALS) {
                addressDialsRunning++;
            } else if (addressDialsWaiting.size() < MAX_WAITING_ADDRESS_DIALS) {
                addressDialsWaiting.add(task);
                return; // starts when a place is free
            } else {
                refused = true;
            }
        }
        if (refused) {
            listener.dialFailed(address, "too many dials by address at once");
            return;
        }
        startAddressDial(task);
    }

    /** Runs an address dial that holds a place on an I/O thread; gives the place on if it cannot. */
    private void startAddressDial(Runnable task) {
        try {
            io.execute(task);
        } catch (RuntimeException e) {
            LOG.debug("not dialling: {}", e.toString()); // the pools are shutting down
            addressDialEnded();
        }
    }

    /** An address dial's handshake ended: its place goes to the oldest waiting dial, or is freed. */
    private void addressDialEnded() {
        Runnable next;
        synchronized (addressDialLock) {
            next = addressDialsWaiting.poll();
            if (next == null) {
                addressDialsRunning--;
            }
        }
        if (next != null) {
            startAddressDial(next); // the place is handed over
        }
    }

    /** Dials by address in their handshake now, and waiting for a place. */
    int[] addressDials() {
        synchronized (addressDialLock) {
            return new int[] {addressDialsRunning, addressDialsWaiting.size()};
        }
    }

    private void attempt(InetSocketAddress address, int attempt) {
        java.util.concurrent.atomic.AtomicBoolean placeHeld = new java.util.concurrent.atomic.AtomicBoolean(true);
        Runnable giveBack = () -> {
            if (placeHeld.compareAndSet(true, false)) {
                addressDialEnded();
            }
        };
        try {
            // the user asked for this address: at least KNOWN
            connect(address, null, () -> { }, Standing.KNOWN, giveBack);

        } catch (IOException | HandshakeFailedException e) {
            failures.failure("dial", address, e.getMessage());
            if (attempt == 0) {
                listener.dialFailed(address, PeerNetwork.describe(e));
            }
            if (attempt + 1 < DIAL_ATTEMPTS && !(e instanceof SpoofedIdentityException)) {
                long delay = settings.backoff().delay(attempt, jitter).toMillis();
                try {
                    timer.schedule(() -> dial(address, attempt + 1), delay, TimeUnit.MILLISECONDS);
                } catch (RuntimeException shutDown) {
                    // stopping: no more attempts
                }
            } else {
                listener.dialAbandoned(address);
            }
        } finally {
            giveBack.run(); // if connect gave it back already, nothing
        }
    }
}
