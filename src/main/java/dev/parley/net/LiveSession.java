package dev.parley.net;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.RecordCipher;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.ProtocolException;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated session over a socket. Reading runs on one thread ({@link #readLoop}); sending is
 * lock-free from any thread: records are queued (bounded in bytes) and a drain task on the I/O executor
 * seals and writes whatever is queued, then flushes once, so bursts coalesce into few syscalls and a
 * record is sealed when it is sent, not when it was queued. Thread-safe.
 */
final class LiveSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

    private final Socket socket;
    private final InetSocketAddress remote;
    private final DeadlineInputStream in;
    private final OutputStream out;
    private final RecordCipher cipher;
    private final HandshakeResult handshake;
    private final boolean outbound;
    private final long clockOffset;
    private final Executor io;
    private final Clock clock;
    private final int maxQueuedBytes;
    private final Events events;
    /** Paces records the peer originates; null when unlimited. Reader thread only. */
    private final TokenBucket inbound;
    private boolean pacingLogged;
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean torndown = new AtomicBoolean();
    /** Set for a session no reader will ever run for: its socket is closed once BYE is out. */
    private volatile boolean unread;
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private volatile long lastSent;
    /** Guarded by this session's monitor: whether the listener has been told it is up, and down. */
    boolean reportedUp;
    boolean reportedDown;

    /** What the session reports to its owner. Called on the session's reader thread. */
    interface Events {
        void received(LiveSession s, ChatRecord r);

        void ended(LiveSession s, String reason);
    }

    private record Outgoing(byte type, byte[] body) {}

    /** @param remote the address we dialled (as given), or where an accepted connection came from */
    LiveSession(Socket socket, InetSocketAddress remote, DeadlineInputStream in, OutputStream out, RecordCipher cipher, HandshakeResult handshake,
                long clockOffset, Executor io, Clock clock, int maxQueuedBytes, InboundRate rate, Events events) {
        this.socket = socket;
        this.remote = remote;
        this.in = in;
        this.out = out;
        this.cipher = cipher;
        this.handshake = handshake;
        this.outbound = handshake.initiator();
        this.clockOffset = clockOffset;
        this.io = io;
        this.clock = clock;
        this.maxQueuedBytes = maxQueuedBytes;
        this.events = events;
        this.inbound = rate.unlimited() ? null : new TokenBucket(rate.perSecond(), rate.burst(), System::nanoTime);
        this.lastSent = clock.millis();
    }

    @Override public String fingerprint() { return handshake.peerFingerprint(); }
    @Override public byte[] publicKey() { return handshake.peerPublicKey(); }
    @Override public String nickname() { return handshake.peerPayload().nickname(); }
    @Override public boolean outbound() { return outbound; }
    @Override public long clockOffsetMillis() { return clockOffset; }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    HandshakeResult handshake() {
        return handshake;
    }

    @Override
    public boolean send(ChatRecord record) {
        byte[] body = RecordMapper.body(record);
        if (body.length > Limits.MAX_RECORD_BODY) {
            throw new IllegalArgumentException("record body of " + body.length + " bytes exceeds the protocol limit");
        }
        return enqueue(RecordMapper.type(record), body);
    }

    /** Ends the session politely: BYE, then close. */
    @Override
    public void close() {
        if (closing.compareAndSet(false, true)) {
            queue.add(new Outgoing(RecordType.BYE, new byte[0]));
            kick();
        }
    }

    /**
     * Ends a session that was never run (a duplicate the registry did not keep): BYE, then the socket is
     * closed as soon as BYE is written, since no reader will ever see the peer hang up.
     */
    void discard() {
        unread = true;
        close();
    }

    /** Closes at once without BYE (shutdown of the whole process uses {@link #close}). */
    void abort() {
        closing.set(true);
        closeSocket();
    }

    boolean isOpen() {
        return !closing.get() && !socket.isClosed();
    }

    long idleSendMillis() {
        return clock.millis() - lastSent;
    }

    /** Queues a record of any type (tests use it to send types the chat engine never makes). */
    boolean sendRaw(byte type, byte[] body) {
        return enqueue(type, body);
    }

    void ping() {
        enqueue(RecordType.PING, new byte[0]);
    }

    private boolean enqueue(byte type, byte[] body) {
        if (closing.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(body.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-body.length);
            return false;
        }
        queue.add(new Outgoing(type, body));
        kick();
        return true;
    }

    private void kick() {
        if (draining.compareAndSet(false, true)) {
            try {
                io.execute(this::drain);
            } catch (RuntimeException e) { // executor shut down
                draining.set(false);
                closeSocket();
            }
        }
    }

    private void drain() {
        try {
            while (true) {
                boolean bye = writeQueued();
                out.flush();
                if (bye) {
                    socket.shutdownOutput();
                    if (unread) {
                        closeSocket();
                    }
                    return; // the reader sees the peer close, or times out
                }
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("write to {} failed: {}", fingerprint(), e.toString());
            closeSocket();
        }
    }

    /** Writes everything queued; true when BYE was written (nothing may follow it). */
    private boolean writeQueued() throws IOException {
        Outgoing o;
        while ((o = queue.poll()) != null) {
            queuedBytes.addAndGet(-o.body.length);
            out.write(FrameWriter.encode(cipher.seal(o.type, o.body)));
            lastSent = clock.millis();
            if (o.type == RecordType.BYE) {
                queue.clear();
                return true;
            }
        }
        return false;
    }

    /** Reads records until the session ends; runs on the session's reader thread. */
    void readLoop(int deadAfterMillis) {
        String reason;
        try {
            in.idleTimeout(deadAfterMillis);
            FrameReader frames = new FrameReader(in);
            while (true) {
                Record r = cipher.open(frames.read(Limits.MAX_FRAME));
                pace(r.type());
                if (!dispatch(r)) {
                    reason = "peer said goodbye";
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            reason = "peer silent for " + deadAfterMillis / 1000 + " s";
        } catch (EOFException e) {
            reason = closing.get() ? "closed" : "connection closed without goodbye";
        } catch (ProtocolException e) {
            reason = "protocol violation: " + e.getMessage();
        } catch (IOException e) {
            reason = closing.get() ? "closed" : "connection lost: " + e.getMessage();
        }
        closeSocket();
        if (torndown.compareAndSet(false, true)) {
            events.ended(this, reason);
        }
        ended.countDown();
    }

    /**
     * Waits before handling a record the peer originated if it sends faster than its inbound rate. Not
     * reading meanwhile is the point: TCP's flow control then slows the sender down, nothing is lost,
     * and no other peer waits. ACK and PONG answer our own records, so they are never held back.
     */
    private void pace(byte type) throws IOException {
        if (inbound == null || type == RecordType.ACK || type == RecordType.PONG) {
            return;
        }
        long wait = inbound.take();
        if (wait <= 0) {
            return;
        }
        if (!pacingLogged) {
            pacingLogged = true;
            LOG.info("{} sends faster than we handle records from one peer; reading from it more slowly", fingerprint());
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while pacing");
        }
    }

    /** Waits until the reader has finished; false on timeout. */
    boolean awaitEnd(long millis) {
        try {
            return ended.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Handles one record; false when the peer said BYE. */
    private boolean dispatch(Record r) throws ProtocolException {
        switch (r.type()) {
            case RecordType.PING -> {
                if (r.body().length > 8) {
                    throw new MalformedRecordException("PING body over 8 bytes");
                }
                enqueue(RecordType.PONG, r.body());
            }
            case RecordType.PONG -> { }
            case RecordType.BYE -> {
                return false;
            }
            case RecordType.READY -> throw new MalformedRecordException("READY after the start of the session");
            default -> {
                dev.parley.chat.ChatRecord c = RecordMapper.decode(r.type(), r.body());
                if (c != null) {
                    events.received(this, c);
                } else {
                    LOG.debug("ignoring record of unknown type {} from {}", r.type() & 0xff, fingerprint());
                }
            }
        }
        return true;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }

    @Override
    public String toString() {
        return "session " + (outbound ? "to " : "from ") + fingerprint() + " at " + remoteAddress();
    }
}
