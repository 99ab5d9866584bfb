package dev.parley.net;

import dev.parley.handshake.HandshakeFailedException;
import java.io.Closeable;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes peers' connections: binds the port, accepts on one I/O thread ({@code parley-net-accept}),
 * admits each connection ({@link Admission}), runs the responder's side of the handshake on an I/O
 * thread of its own, then registers the session and runs it on that same thread. Thread-safe.
 */
final class Acceptor {
    private static final Logger LOG = LoggerFactory.getLogger(Acceptor.class);
    private static final long ACCEPT_FAILURE_PAUSE_MILLIS = 50;

    private final NetSettings settings;
    private final Handshaker handshaker;
    private final SessionRegistry registry;
    private final LiveSession.Inbound inbound;
    private final Consumer<InetAddress> handshakeEnded;
    private final Executor io;
    private final FailureLog failures;
    private final NetworkKeyHints hints;
    private final AtomicInteger pending;
    private final Admission admission;
    private final InboundHandshakes inHandshake = new InboundHandshakes();
    /** Where bulk channels go (the file engine); null: none are admitted. */
    private volatile BulkDoor bulkDoor;
    private volatile ServerSocket server;
    private volatile boolean closed;

    /**
     * @param handshakeEnded told of each source address whose handshake ended, either way, after its
     *     session (if any) was registered; never blocks
     * @param pending counts connections either way between the start of the handshake and registration
     */
    Acceptor(NetSettings settings, Handshaker handshaker, SessionRegistry registry, LiveSession.Inbound inbound,
             Consumer<InetAddress> handshakeEnded, Executor io, FailureLog failures, AtomicInteger pending,
             NetworkKeyHints hints) {
        this.hints = hints;
        this.settings = settings;
        this.handshaker = handshaker;
        this.registry = registry;
        this.inbound = inbound;
        this.handshakeEnded = handshakeEnded;
        this.io = io;
        this.failures = failures;
        this.pending = pending;
        this.admission = new Admission(settings.maxUnauthenticated(), settings.maxUnauthenticatedPerAddress());
    }

    void bulkDoor(BulkDoor door) {
        this.bulkDoor = door;
    }

    /** Binds the port and starts accepting. */
    void start() throws IOException {
        server = bind();
        io.execute(this::acceptLoop);
    }

    /** The port actually bound. */
    int port() {
        return server.getLocalPort();
    }

    SocketAddress localAddress() {
        return server.getLocalSocketAddress();
    }

    /** Whether a connection from one of these addresses is in its handshake with us (not yet registered). */
    boolean inHandshake(List<InetSocketAddress> addresses) {
        return inHandshake.fromAny(addresses);
    }

    /** Accepted connections currently in their handshake. */
    int unauthenticated() {
        return admission.total();
    }

    /** Unauthenticated connections closed to make room for newer ones, since start. */
    long evicted() {
        return admission.evictions();
    }

    /** Evicted connections whose handshake threads have not yet ended. */
    int unwinding() {
        return admission.unwinding();
    }

    /** Stops accepting. */
    void close() {
        closed = true;
        if (server != null) {
            closeQuietly(server);
        }
    }

    /** Sockets come from channels: {@link LiveSession} reads and writes through the channel itself. */
    private ServerSocket bind() throws IOException {
        InetAddress at = settings.bindAddress();
        try {
            return listen(new InetSocketAddress(at, settings.port()));
        } catch (BindException e) {
            boolean inUse = String.valueOf(e.getMessage()).contains("in use");
            if (!inUse && at != null) {
                throw new BindException("cannot listen on " + dev.parley.chat.HostPort.address(at) + " (" + e.getMessage()
                        + "; is it an address of this machine?)");
            }
            if (!settings.fallbackToFreePort()) {
                throw new BindException("port " + settings.port() + " is in use (" + e.getMessage()
                        + "); choose another with --port, or --port 0 for any free port");
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
                // closed without a reply, like a failed key check: the dialler cannot tell the two apart
                // (UnansweredHandshakeException), so its hint says "another network key, or busy"
                failures.failure("connection", from, "too many unauthenticated connections (this address's share,"
                        + " or all of them while evicted handshakes end)");
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

    /** On the connection's own I/O thread: handshake, register, and run the session until it ends. */
    private void inbound(Socket socket, Admission.Ticket ticket) {
        SessionRegistry.Kept kept = null;
        pending.incrementAndGet();
        InetAddress from = socket.getInetAddress();
        inHandshake.began(from);
        BulkDoor door = bulkDoor;
        BulkChannel bulk = null;
        try {
            // a bulk channel needs a live session with the same key, and a transfer the door knows
            Object either = handshaker.acceptEither(socket, inbound, door == null ? null
                    : (fp, id) -> registry.isLive(fp) && door.admit(fp, id), ticket::sentValidM1);
            if (either instanceof BulkChannel b) {
                bulk = b;
                kept = null;
            } else {
                kept = registry.register((LiveSession) either); // SessionsFullException: closed, logged
            }
        } catch (IOException | HandshakeFailedException | RuntimeException e) {
            failures.failure("handshake", socket.getRemoteSocketAddress(), PeerNetwork.describe(e));
            closeQuietly(socket); // no reply, whatever the cause: the hint below is ours alone
            if (e instanceof dev.parley.handshake.OtherNetworkKeyException other) {
                hints.refused(from, other.theyUseAKey());
            }
            return;
        } finally {
            // the slot is held until the session is registered (or refused), so that every thread of an
            // inbound connection is counted either here or by the registry
            try {
                endHandshake(ticket, from);
            } catch (Throwable e) {
                // a registered session must not stay live without a reader (nor hold an unwinding place)
                if (kept != null) {
                    kept.abandon();
                }
                throw e;
            }
        }
        if (bulk != null) {
            byte[] id = Capabilities.bulkTransferOf(bulk.handshakeCapabilities());
            try {
                door.opened(bulk, id); // exempt from the one-session rule: never registered
            } finally {
                bulk.close();
            }
            return;
        }
        if (kept != null) {
            kept.run(() -> { });
        }
    }

    /**
     * Frees what the handshake held and tells the hook; each step runs whatever the one before threw. A
     * {@link RuntimeException} from the hook is logged, not thrown: the session registered meanwhile (if
     * any) is run all the same. What else escapes the caller meets with the session abandoned.
     */
    private void endHandshake(Admission.Ticket ticket, InetAddress from) {
        try {
            ticket.release();
        } finally {
            pending.decrementAndGet();
            inHandshake.ended(from);
        }
        try {
            handshakeEnded.accept(from); // after register: a dial that waited for this sees the session
        } catch (RuntimeException e) {
            LOG.error("the end of a handshake from {} could not be told", dev.parley.chat.HostPort.address(from), e);
        }
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
