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
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Clock;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One authenticated session over a socket channel. Reading runs on one thread ({@link #readLoop});
 * sending is lock-free from any thread and never blocks: records are queued (bounded in bytes), and
 * whichever thread finds no drain running becomes the drain. It seals what is queued and writes it
 * with the channel in non-blocking mode, on its own thread while the socket takes the bytes, so a
 * record goes out without a hand-off to another thread (a wake-up that cost more than the rest of a
 * round trip); when the socket is full (a slow or stalled peer) the rest goes to a task on the I/O
 * executor, which waits for room. Records queued meanwhile are written together. A record is sealed
 * when it is sent, not when it was queued; the cipher's sending half is used by the drain only, one
 * thread at a time. Thread-safe.
 */
final class LiveSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

    /** Bytes sealed per batch before they are written. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** Shorter than any round trip, longer than a sending loop takes to come back with the next record. */
    private static final long BURST_NANOS = 5_000;
    /** How long the I/O task waits for room in the socket before it looks at the channel again. */
    private static final long WRITABLE_POLL_MILLIS = 200;

    private final Socket socket;
    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final ChannelInput in;
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
    /** {@link System#nanoTime} when the drain last finished writing. */
    private volatile long lastWriteNanos;
    /** Sealed frames not yet written, {@code out[outStart, outEnd)}; the drain's only. */
    private byte[] out = new byte[4096];
    private int outStart;
    private int outEnd;
    private boolean byeSealed;
    /** Waits for room in the socket; the drain's only, while it runs on an I/O thread. */
    private Selector writeSelector;
    /** Guarded by this session's monitor: whether the listener has been told it is up, and down. */
    boolean reportedUp;
    /** Set by the reader before it reports the end: the peer ended the session with BYE. */
    private volatile boolean peerSaidGoodbye;
    boolean reportedDown;

    /** What the session reports to its owner. Called on the session's reader thread. */
    interface Events {
        void received(LiveSession s, ChatRecord r);

        void ended(LiveSession s, String reason);
    }

    private record Outgoing(byte type, byte[] body) {}

    /** @param remote the address we dialled (as given), or where an accepted connection came from */
    LiveSession(Socket socket, InetSocketAddress remote, ChannelInput in, RecordCipher cipher, HandshakeResult handshake,
                long clockOffset, Executor io, Clock clock, int maxQueuedBytes, InboundRate rate, Events events) {
        this.socket = socket;
        this.channel = socket.getChannel();
        this.remote = remote;
        this.in = in;
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
        this.lastWriteNanos = System.nanoTime() - BURST_NANOS;
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

    /** Whether the session ended with the peer's BYE (it is leaving), as opposed to being lost or closed by us. */
    boolean peerSaidGoodbye() {
        return peerSaidGoodbye;
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

    /**
     * Becomes the drain if none is running. A send that follows the previous write within
     * {@link #BURST_NANOS} is part of a burst (a script, a paste, acknowledgements of a burst received):
     * an I/O thread then drains, so that the records queued meanwhile share writes.
     */
    private void kick() {
        if (draining.compareAndSet(false, true)) {
            if (System.nanoTime() - lastWriteNanos < BURST_NANOS) {
                handOff();
            } else {
                drain(false);
            }
        }
    }

    /**
     * Seals and writes what is queued until the queue is empty. Runs on the thread that became the
     * drain; {@code mayWait} is false on a caller's thread, which hands the rest to the I/O executor
     * rather than wait for room in the socket.
     */
    private void drain(boolean mayWait) {
        try {
            while (true) {
                sealQueued();
                if (!write(mayWait)) {
                    handOff();
                    return;
                }
                if (byeSealed) {
                    channel.shutdownOutput();
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
        } catch (RuntimeException e) { // a bug; never let it reach a sender's thread
            LOG.error("sealing or writing for {} failed", fingerprint(), e);
            closeSocket();
        }
    }

    private void handOff() {
        try {
            io.execute(this::drainWaiting);
        } catch (RuntimeException e) { // executor shut down
            closeSocket();
        }
    }

    /** The drain on an I/O thread: may wait for the peer to make room. */
    private void drainWaiting() {
        try {
            drain(true);
        } finally {
            closeWriteSelector();
        }
    }

    /** Seals queued records into {@code out}, a batch at a time; nothing after BYE. */
    private void sealQueued() {
        Outgoing o;
        while (!byeSealed && outEnd - outStart < BATCH_BYTES && (o = queue.poll()) != null) {
            queuedBytes.addAndGet(-o.body.length);
            append(FrameWriter.encode(cipher.seal(o.type, o.body)));
            lastSent = clock.millis();
            if (o.type == RecordType.BYE) {
                queue.clear();
                byeSealed = true;
            }
        }
    }

    private void append(byte[] frame) {
        if (outEnd + frame.length > out.length) {
            System.arraycopy(out, outStart, out, 0, outEnd - outStart);
            outEnd -= outStart;
            outStart = 0;
            if (outEnd + frame.length > out.length) {
                out = java.util.Arrays.copyOf(out, Math.max(2 * out.length, outEnd + frame.length));
            }
        }
        System.arraycopy(frame, 0, out, outEnd, frame.length);
        outEnd += frame.length;
    }

    /** Writes {@code out}; false when the socket is full and {@code mayWait} is false. */
    private boolean write(boolean mayWait) throws IOException {
        while (outStart < outEnd) {
            int n = channel.write(ByteBuffer.wrap(out, outStart, outEnd - outStart));
            outStart += n;
            if (n == 0) {
                if (!mayWait) {
                    return false;
                }
                awaitWritable();
            }
        }
        outStart = 0;
        outEnd = 0;
        lastWriteNanos = System.nanoTime();
        return true;
    }

    private void awaitWritable() throws IOException {
        if (writeSelector == null) {
            writeSelector = Selector.open();
            channel.register(writeSelector, SelectionKey.OP_WRITE);
        }
        writeSelector.select(WRITABLE_POLL_MILLIS);
        writeSelector.selectedKeys().clear();
        if (!channel.isOpen()) {
            throw new SocketException("Socket closed");
        }
    }

    private void closeWriteSelector() {
        if (writeSelector != null) {
            try {
                writeSelector.close();
            } catch (IOException ignored) {
                // nothing held
            }
            writeSelector = null;
        }
    }

    /** Reads records until the session ends; runs on the session's reader thread. */
    void readLoop(int deadAfterMillis) {
        String reason;
        try {
            in.idleTimeout(deadAfterMillis);
            FrameReader frames = new FrameReader(new BufferedInputStream(in, 16 * 1024));
            while (true) {
                Record r = cipher.open(frames.read(Limits.MAX_FRAME));
                pace(r.type());
                if (!dispatch(r)) {
                    peerSaidGoodbye = true;
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
        try {
            in.close();
        } catch (IOException ignored) {
            // the selector is gone either way
        }
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
            if (unread) {
                in.close(); // no reader will ever close its selector
            }
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
        in.wakeup(); // a reader waiting on its selector does not notice the close by itself
    }

    @Override
    public String toString() {
        return "session " + (outbound ? "to " : "from ") + fingerprint() + " at " + remoteAddress();
    }
}
