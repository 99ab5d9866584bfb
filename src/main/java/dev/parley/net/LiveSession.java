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
import java.nio.ByteBuffer;
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
 * One authenticated session over a socket channel in blocking mode. Reading runs on one thread
 * ({@link #readLoop}) in blocking reads; sending is lock-free from any thread and never blocks: records
 * are queued (bounded in bytes), and whichever thread finds no drain running becomes the drain. It
 * seals what is queued and writes it on its own thread, so a record goes out without a hand-off to
 * another thread (a wake-up that cost more than the rest of a round trip), but only while the write
 * cannot block: while the bytes the peer has not yet confirmed reading stay within a small part of the
 * socket's send buffer, at most 32 KiB (the inline budget). The peer confirms by answering a PING, which
 * the drain adds whenever half the budget is unconfirmed and no PING of the last second awaits its
 * answer; its 8 bytes are a nonce, so only a peer that read it can answer. Beyond the budget (a slow or stalled peer, a cut cable), and for bursts, the rest goes to a
 * task on the I/O executor, whose writes may wait. Records queued meanwhile are written together. A
 * record is sealed when it is sent, not when it was queued; the cipher's sending half is used by the
 * drain only, one thread at a time. Thread-safe.
 */
final class LiveSession implements Session {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

    /** Bytes sealed per batch before they are written. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** Shorter than any round trip, longer than a sending loop takes to come back with the next record. */
    private static final long BURST_NANOS = 5_000;
    /**
     * The share of the socket's send buffer that unconfirmed bytes may fill for a write on a sender's
     * thread: the kernel's accounting of a queued segment adds overhead to its bytes (for small records,
     * several times their size), so the budget stays well inside the buffer. Linux sizes an established
     * connection's send buffer at 40 KiB or more; at 16 KiB (its initial size) the budget is 4 KiB.
     */
    private static final int BUDGET_SHARE = 4;
    /**
     * The budget's ceiling whatever the buffer, and at most half of Linux's {@code tcp_notsent_lowat}
     * when it is set (it is unlimited by default; tuned, often 16 or 128 KiB): past that many unsent
     * bytes a write waits, however large the buffer.
     */
    private static final int MAX_BUDGET_BYTES = (int) Math.min(32 * 1024, notSentLowWater() / 2);
    /** The budget in records at most (32 records cost the kernel some 27 KiB beyond their bytes). */
    private static final int MAX_BUDGET_RECORDS = 32;
    /** PINGs awaiting their PONG that we remember; a PONG for any of them confirms up to it. */
    private static final int TRACKED_PINGS = 4;
    /** A PING unanswered this long no longer stops the next one (its PONG may have been dropped). */
    private static final long STALE_PING_NANOS = 1_000_000_000L;
    /**
     * Kernel bytes a queued segment may cost beyond its payload (about 830 measured on Linux 6): the
     * budget in records keeps their overhead within twice the budget in bytes, so that the whole stays
     * within three quarters of the send buffer.
     */
    private static final int SEGMENT_OVERHEAD = 1024;

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
    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean torndown = new AtomicBoolean();
    /** Set for a session no reader will ever run for: its socket is closed once BYE is out. */
    private volatile boolean unread;
    private final java.util.concurrent.CountDownLatch ended = new java.util.concurrent.CountDownLatch(1);
    private volatile long lastSent;
    /** Why the session ended, when this side ended it for silence. */
    private volatile String silence;
    /** Unconfirmed bytes and records a write on a sender's thread may leave behind it. */
    private final long budgetBytes;
    private final long budgetRecords;
    /** Bytes and records sealed so far; the drain's only. */
    private long sealedBytes;
    private long sealedRecords;
    /** How much of what we sent the peer has confirmed reading; replaced whole by the reader. */
    private volatile Mark confirmed = new Mark(0, 0);
    /**
     * Makes PING nonces: unpredictable even to a peer that has read earlier ones, or it could answer a
     * PING it has not read.
     */
    private final java.security.SecureRandom random;
    /** Guards the PINGs awaiting their PONG: nonce and mark at the same index, null marks are free. */
    private final Object pings = new Object();
    private final long[] pingNonces = new long[TRACKED_PINGS];
    private final Mark[] pingMarks = new Mark[TRACKED_PINGS];
    private int nextPing;
    /** {@link System#nanoTime} when the newest tracked PING was sealed. */
    private long lastPingNanos;
    /** {@link System#nanoTime} when the drain last finished writing. */
    private volatile long lastWriteNanos;
    /** Sealed frames not yet written, {@code out[outStart, outEnd)}; the drain's only. */
    private byte[] out = new byte[4096];
    private int outStart;
    private int outEnd;
    private boolean byeSealed;
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

    /** A position in what we sent: bytes and records up to and including some record. */
    private record Mark(long bytes, long records) {}

    /** @param remote the address we dialled (as given), or where an accepted connection came from */
    LiveSession(Socket socket, InetSocketAddress remote, ChannelInput in, RecordCipher cipher, HandshakeResult handshake,
                long clockOffset, Executor io, Clock clock, java.security.SecureRandom random, int maxQueuedBytes,
                Events events) {
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
        this.lastSent = clock.millis();
        this.lastWriteNanos = System.nanoTime() - BURST_NANOS;
        this.budgetBytes = Math.min(MAX_BUDGET_BYTES, sendBuffer(socket) / BUDGET_SHARE);
        this.budgetRecords = Math.max(2, Math.min(MAX_BUDGET_RECORDS, 2 * budgetBytes / SEGMENT_OVERHEAD));
        this.random = random;
    }

    /**
     * Linux's {@code net.ipv4.tcp_notsent_lowat}; unlimited where it cannot be read. Read by lines:
     * {@code Files.readString} returned only the first digit of this file (JDK 17, Linux 6).
     */
    static long notSentLowWater() {
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(
                java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_notsent_lowat"))) {
            String line = r.readLine();
            return line == null ? Long.MAX_VALUE : Long.parseLong(line.strip());
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private static int sendBuffer(Socket socket) {
        try {
            return socket.getSendBufferSize();
        } catch (SocketException e) {
            return 16 * 1024; // Linux's initial size, the least it will be
        }
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
            kick(true);
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

    /** Queues a PING; its body, a nonce, is made when it is sealed. */
    void ping() {
        enqueue(RecordType.PING, new byte[0]);
    }

    /** How long the reader has been waiting for the peer to send anything, in ms (0 while it handles a record). */
    long idleReceiveMillis() {
        return in.waitingMillis();
    }

    /** Ends a session whose peer has been silent too long: the reader reports {@code reason}. */
    void endSilent(String reason) {
        silence = reason;
        closeSocket();
    }

    private boolean enqueue(byte type, byte[] body) {
        return enqueue(type, body, true);
    }

    private boolean enqueue(byte type, byte[] body, boolean mayCoalesce) {
        if (closing.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(body.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-body.length);
            return false;
        }
        queue.add(new Outgoing(type, body));
        kick(mayCoalesce);
        return true;
    }

    /**
     * Becomes the drain if none is running. A send that follows the previous write within
     * {@link #BURST_NANOS} is part of a burst (a script, a paste, acknowledgements of a burst received):
     * an I/O thread then drains, so that the records queued meanwhile share writes.
     * A PONG is no part of a burst: the reader answers at once, on its own thread.
     */
    private void kick(boolean mayCoalesce) {
        if (draining.compareAndSet(false, true)) {
            if (mayCoalesce && System.nanoTime() - lastWriteNanos < BURST_NANOS) {
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
                    return; // the reader sees the peer close, or the owner's timer ends it
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
        drain(true);
    }

    /**
     * Seals queued records into {@code out}, a batch at a time; nothing after BYE. Adds a PING when half
     * the inline budget is unconfirmed and no PING is awaiting its answer.
     */
    private void sealQueued() {
        Outgoing o;
        while (!byeSealed && outEnd - outStart < BATCH_BYTES && (o = queue.poll()) != null) {
            queuedBytes.addAndGet(-o.body.length);
            if (o.type == RecordType.PING) {
                sealPing();
                continue;
            }
            seal(o.type, o.body);
            if (o.type == RecordType.BYE) {
                queue.clear();
                byeSealed = true;
            }
        }
        Mark c = confirmed;
        if (!byeSealed && (sealedBytes - c.bytes >= budgetBytes / 2 || sealedRecords - c.records >= budgetRecords / 2)) {
            synchronized (pings) {
                if (!pingAwaited()) {
                    sealPing();
                }
            }
        }
    }

    private void seal(byte type, byte[] body) {
        byte[] frame = FrameWriter.encode(cipher.seal(type, body));
        append(frame);
        sealedBytes += frame.length;
        sealedRecords++;
        lastSent = clock.millis();
    }

    /** Whether a PING sealed less than {@link #STALE_PING_NANOS} ago awaits its PONG. Holding {@code pings}. */
    private boolean pingAwaited() {
        if (System.nanoTime() - lastPingNanos >= STALE_PING_NANOS) {
            return false;
        }
        for (Mark m : pingMarks) {
            if (m != null) {
                return true;
            }
        }
        return false;
    }

    /** Seals a PING whose nonce marks this point of the stream, remembered in place of the oldest. */
    private void sealPing() {
        synchronized (pings) {
            long nonce = random.nextLong();
            seal(RecordType.PING, java.nio.ByteBuffer.allocate(8).putLong(nonce).array());
            pingNonces[nextPing] = nonce;
            pingMarks[nextPing] = new Mark(sealedBytes, sealedRecords);
            nextPing = (nextPing + 1) % TRACKED_PINGS;
            lastPingNanos = System.nanoTime();
        }
    }

    /**
     * A PONG: if it answers a PING we remember, the peer has read everything up to it, and the PINGs
     * before it need no answer any more. Reader thread.
     */
    private void pong(byte[] body) {
        if (body.length != 8) {
            return; // not one of ours: our PINGs carry 8 bytes
        }
        long nonce = java.nio.ByteBuffer.wrap(body).getLong();
        synchronized (pings) {
            Mark answered = null;
            for (int k = 0; k < TRACKED_PINGS; k++) {
                if (pingMarks[k] != null && pingNonces[k] == nonce) {
                    answered = pingMarks[k];
                }
            }
            if (answered == null) {
                return;
            }
            for (int k = 0; k < TRACKED_PINGS; k++) {
                if (pingMarks[k] != null && pingMarks[k].bytes <= answered.bytes) {
                    pingMarks[k] = null;
                }
            }
            if (answered.bytes > confirmed.bytes) {
                confirmed = answered;
            }
        }
    }

    /** Whether a write on a sender's thread may go ahead: the kernel can take it without waiting. */
    private boolean withinBudget() {
        Mark c = confirmed;
        return sealedBytes - c.bytes <= budgetBytes && sealedRecords - c.records <= budgetRecords;
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

    /**
     * Writes {@code out}, waiting for room if need be; false, without writing, when {@code mayWait} is
     * false and the write might have to wait.
     */
    private boolean write(boolean mayWait) throws IOException {
        if (!mayWait && !withinBudget()) {
            return false;
        }
        while (outStart < outEnd) {
            outStart += channel.write(ByteBuffer.wrap(out, outStart, outEnd - outStart));
        }
        outStart = 0;
        outEnd = 0;
        lastWriteNanos = System.nanoTime();
        return true;
    }

    /**
     * Reads records until the session ends; runs on the session's reader thread. A silent peer is
     * ended by {@link #endSilent} from the owner's timer.
     */
    void readLoop() {
        String reason;
        try {
            FrameReader frames = new FrameReader(new BufferedInputStream(in, 16 * 1024));
            while (true) {
                Record r = cipher.open(frames.read(Limits.MAX_FRAME));
                if (!dispatch(r)) {
                    peerSaidGoodbye = true;
                    reason = "peer said goodbye";
                    break;
                }
            }
        } catch (EOFException e) {
            reason = closing.get() ? "closed" : "connection closed without goodbye";
        } catch (ProtocolException e) {
            reason = "protocol violation: " + e.getMessage();
        } catch (IOException e) {
            reason = silence != null ? silence : closing.get() ? "closed" : "connection lost: " + e.getMessage();
        }
        closeSocket();
        if (torndown.compareAndSet(false, true)) {
            events.ended(this, reason);
        }
        ended.countDown();
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
                enqueue(RecordType.PONG, r.body(), false);
            }
            case RecordType.PONG -> pong(r.body());
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
            socket.close(); // a reader waiting in a read, or a drain in a write, fails at once
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }

    @Override
    public String toString() {
        return "session " + (outbound ? "to " : "from ") + fingerprint() + " at " + remoteAddress();
    }
}
