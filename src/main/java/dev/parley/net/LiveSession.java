package dev.parley.net;

import dev.parley.chat.ChatRecord;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.RecordCipher;
import dev.parley.wire.Limits;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * One authenticated session over a socket channel in blocking mode: what the handshake proved, a
 * {@link SessionWriter} for what we send, a {@link SessionReader} for what we receive, and the
 * {@link PingLedger} between them (the writer's PINGs, the reader's PONGs). {@link #send} only queues;
 * {@link #flush} writes. Records go to the {@link Inbound} on the reader thread, holding no lock, until
 * the session is retired (replaced by a newer connection) or dropped.
 *
 * <p>Thread-safe; {@link #readLoop} runs on the session's reader thread only.
 */
final class LiveSession implements SessionRegistry.Member {
    /** Where the reader hands the peer's records. Called on the reader thread, holding no lock; may block. */
    interface Inbound {
        void received(LiveSession s, ChatRecord r);
    }

    private final Socket socket;
    private final String fingerprint;
    private final InetSocketAddress remote;
    private final ChannelInput in;
    private final HandshakeResult handshake;
    private final long clockOffset;
    private final Inbound inbound;
    private final PingLedger pings = new PingLedger();
    private final SessionWriter writer;
    private final SessionReader reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    /** A newer connection replaced this one: its records are no longer passed on. */
    private volatile boolean retired;
    /** Dropped without BYE: its records are no longer passed on. */
    private volatile boolean dropped;
    /** Why the session ended, when this side ended it for silence. */
    private volatile String silence;

    /** @param remote the address we dialled (as given), or where an accepted connection came from */
    LiveSession(Socket socket, InetSocketAddress remote, ChannelInput in, RecordCipher cipher, HandshakeResult handshake,
                long clockOffset, Executor io, Clock clock, SecureRandom random, int maxQueuedBytes, Inbound inbound) {
        this.socket = socket;
        this.remote = remote;
        this.in = in;
        this.handshake = handshake;
        this.fingerprint = handshake.peerFingerprint();
        this.clockOffset = clockOffset;
        this.inbound = inbound;
        this.writer = new SessionWriter(socket.getChannel(), cipher, io, clock, random, InlineBudget.of(socket), pings,
                maxQueuedBytes, this);
        this.reader = new SessionReader(in, cipher, new Handler(), this);
    }

    /** Computed once: a SHA-256 of the key, asked for on every record the engine handles. */
    @Override public String fingerprint() { return fingerprint; }
    @Override public byte[] publicKey() { return handshake.peerPublicKey(); }
    @Override public String nickname() { return handshake.peerPayload().nickname(); }
    @Override public boolean outbound() { return handshake.initiator(); }
    @Override public long clockOffsetMillis() { return clockOffset; }
    @Override public InetSocketAddress remoteAddress() { return remote; }
    @Override public HandshakeResult handshake() { return handshake; }
    @Override public byte[] instance() { return Capabilities.instanceOf(handshake.peerPayload().capabilities()); }
    @Override public int features() { return Capabilities.featuresOf(handshake.peerPayload().capabilities()); }

    /** Queues the record; nothing is written until {@link #flush}. Any thread, also holding a lock. */
    @Override
    public boolean send(ChatRecord record) {
        byte[] body = RecordMapper.body(record);
        if (body.length > Limits.MAX_RECORD_BODY) {
            throw new IllegalArgumentException("record body of " + body.length + " bytes exceeds the protocol limit");
        }
        return writer.enqueue(RecordMapper.type(record), body);
    }

    /** Writes what is queued (see {@link SessionWriter#flush}). Any thread holding no lock; never blocks. */
    @Override
    public void flush() {
        writer.flush();
    }

    /**
     * Whether the session is still up: not closing, not retired, and its socket open. A reader the chat
     * engine holds back for its front end stops waiting once this is false.
     */
    @Override
    public boolean open() {
        return !writer.closing() && !retired && !dropped && !socket.isClosed();
    }

    /** Ends the session politely: BYE, then the peer hangs up. Never blocks. */
    @Override
    public void close() {
        writer.bye(false);
    }

    /**
     * Ends a session that was never run (a duplicate the registry did not keep): BYE, then the socket is
     * closed as soon as BYE is written, since no reader will ever see the peer hang up.
     */
    @Override
    public void discard() {
        writer.bye(true);
    }

    /** Closes at once without BYE; a reader waiting in a read fails at once. */
    @Override
    public void abort() {
        dropped = true;
        writer.refuse();
        closeSocket();
    }

    /** From now on the reader passes no record on: a newer connection with the peer replaced this one. */
    @Override
    public void retire() {
        retired = true;
    }

    @Override
    public long idleSendMillis() {
        return writer.idleMillis();
    }

    @Override
    public long idleReceiveMillis() {
        return in.waitingMillis();
    }

    @Override
    public void ping() {
        writer.ping();
    }

    @Override
    public void endSilent(String reason) {
        silence = reason;
        closeSocket();
    }

    /** Queues a record of any type and flushes (tests use it to send types the chat engine never makes). */
    boolean sendRaw(byte type, byte[] body) {
        boolean queued = writer.enqueue(type, body);
        writer.flush();
        return queued;
    }

    /** Reads records until the session ends, on the calling thread, which is the session's reader. */
    @Override
    public SessionReader.End readLoop() {
        try {
            return reader.run();
        } finally {
            closeSocket();
            ended.countDown();
        }
    }

    /** Waits until the reader has finished; false on timeout. */
    boolean awaitEnd(long millis) {
        try {
            return ended.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void closeSocket() {
        try {
            socket.close(); // a reader waiting in a read, or a drain in a write, fails at once
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }

    /** The reader's side of the session. Reader thread. */
    private final class Handler implements SessionReader.Handler {
        @Override
        public void ping(byte[] body) {
            writer.answer(RecordType.PONG, body);
        }

        @Override
        public void pong(byte[] body) {
            pings.answered(body);
        }

        @Override
        public void record(ChatRecord r) {
            if (!retired && !dropped) {
                inbound.received(LiveSession.this, r);
            }
        }

        @Override
        public String endedByUs() {
            String s = silence;
            return s != null ? s : writer.closing() ? "closed" : null;
        }
    }

    @Override
    public String toString() {
        return "session " + (outbound() ? "to " : "from ") + fingerprint() + " at " + remoteAddress();
    }
}
