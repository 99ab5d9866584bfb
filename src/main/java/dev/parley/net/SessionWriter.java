package dev.parley.net;

import dev.parley.handshake.RecordCipher;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending half of one session: a queue of records bounded in bytes, and the drain that seals and
 * writes them. {@link #enqueue} only queues, on any thread, and fixes the order; {@link #flush} writes
 * what is queued. Whichever thread flushes and finds no drain running becomes the drain, and writes on
 * its own thread (no hand-off, a wake-up that costs more than the rest of a round trip) only while the
 * write cannot block: while what the peer has not confirmed reading stays within the {@link InlineBudget}.
 * Beyond the budget (a slow or stalled peer, a cut cable), and for bursts, the rest goes to a task on
 * the I/O executor, whose writes may wait; records queued meanwhile are written together. To learn what
 * the peer has read, the drain adds a PING (see {@link PingLedger}) whenever half the budget is
 * unconfirmed and no recent PING awaits its answer.
 *
 * <p>A record is sealed when it is written, not when it is queued; the cipher's sending half is used by
 * the drain only, one thread at a time. After BYE nothing more is queued or sealed, and the output is
 * shut down. Thread-safe and lock-free: no lock is held while sealing or writing.
 */
final class SessionWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWriter.class);
    /** Bytes sealed per batch before they are written. */
    private static final int BATCH_BYTES = 64 * 1024;
    /** Shorter than any round trip, longer than a sending loop takes to come back with the next record. */
    static final long BURST_NANOS = 5_000;

    private final SocketChannel channel;
    private final RecordCipher cipher;
    private final Executor io;
    private final Clock clock;
    private final SecureRandom random;
    private final InlineBudget budget;
    private final PingLedger pings;
    private final int maxQueuedBytes;
    /** Names the session in logs. */
    private final Object owner;

    private final Queue<Outgoing> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set for a session no reader will ever run for: the channel is closed once BYE is out. */
    private volatile boolean closeAfterBye;
    private volatile long lastSealedMillis;
    /** {@link System#nanoTime} when the drain last finished writing. */
    private volatile long lastWriteNanos;

    // The drain's only (one thread at a time, handed over through {@link #draining}):
    /** What was sealed so far. */
    private StreamMark sealed = StreamMark.START;
    /** Sealed frames not yet written, {@code out[outStart, outEnd)}. */
    private byte[] out = new byte[4096];
    private int outStart;
    private int outEnd;
    private boolean byeSealed;

    private record Outgoing(byte type, byte[] body) {}

    /**
     * @param channel a connected channel in blocking mode; closed here when a write fails
     * @param owner names the session in logs
     */
    SessionWriter(SocketChannel channel, RecordCipher cipher, Executor io, Clock clock, SecureRandom random,
                  InlineBudget budget, PingLedger pings, int maxQueuedBytes, Object owner) {
        this.channel = channel;
        this.cipher = cipher;
        this.io = io;
        this.clock = clock;
        this.random = random;
        this.budget = budget;
        this.pings = pings;
        this.maxQueuedBytes = maxQueuedBytes;
        this.owner = owner;
        this.lastSealedMillis = clock.millis();
        this.lastWriteNanos = System.nanoTime() - BURST_NANOS;
    }

    /**
     * Queues a record behind those queued before it; writes nothing. False when closing, or when the
     * queue would exceed its bound in bytes. Any thread.
     */
    boolean enqueue(byte type, byte[] body) {
        if (closing.get()) {
            return false;
        }
        if (queuedBytes.addAndGet(body.length) > maxQueuedBytes) {
            queuedBytes.addAndGet(-body.length);
            return false;
        }
        queue.add(new Outgoing(type, body));
        return true;
    }

    /**
     * Writes what is queued: on this thread while within the budget, else on an I/O thread. A flush
     * that follows the previous write within {@link #BURST_NANOS} is part of a burst (a script, a paste,
     * acknowledgements of a burst received): an I/O thread then drains, so that the records queued
     * meanwhile share writes. Never blocks; call it holding no lock.
     */
    void flush() {
        kick(true);
    }

    /**
     * Queues an answer (a PONG) and writes it at once within the budget, never as part of a burst: the
     * peer is waiting for it. The reader's thread.
     */
    void answer(byte type, byte[] body) {
        if (enqueue(type, body)) {
            kick(false);
        }
    }

    /** Queues a PING, its nonce made when it is sealed, and flushes. The keep-alive timer. */
    void ping() {
        if (enqueue(RecordType.PING, new byte[0])) {
            flush();
        }
    }

    /**
     * Queues BYE, after which nothing more is queued, and flushes; once it is written the output is
     * shut down, and with {@code thenClose} (a session no reader runs for, so none would see the peer
     * hang up) the channel is closed. Only the first call does anything.
     */
    void bye(boolean thenClose) {
        closeAfterBye |= thenClose;
        if (closing.compareAndSet(false, true)) {
            queue.add(new Outgoing(RecordType.BYE, new byte[0]));
            flush();
        }
    }

    /** Refuses every record from now on (the connection is being dropped without BYE). */
    void refuse() {
        closing.set(true);
    }

    /** Whether BYE was queued or the connection dropped: nothing more is taken. */
    boolean closing() {
        return closing.get();
    }

    /** How long since we last sealed a record, in ms. */
    long idleMillis() {
        return clock.millis() - lastSealedMillis;
    }

    private void kick(boolean mayCoalesce) {
        if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
            return; // nothing to write, or the running drain takes it
        }
        if (mayCoalesce && System.nanoTime() - lastWriteNanos < BURST_NANOS) {
            handOff();
        } else {
            drain(false);
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
                    if (closeAfterBye) {
                        closeQuietly();
                    }
                    return; // the drain stays taken: nothing is written after BYE
                }
                draining.set(false);
                if (queue.isEmpty() || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("write to {} failed: {}", owner, e.toString());
            closeQuietly();
        } catch (RuntimeException e) { // a bug; never let it reach a sender's thread
            LOG.error("sealing or writing for {} failed", owner, e);
            closeQuietly();
        }
    }

    /**
     * Hands the drain to an I/O thread. When the executor refuses: if it is shutting down, or this session
     * is closing anyway, the channel is closed as before. Otherwise (the pool at its cap for a moment, which
     * the thread bounds are there to prevent: see {@link NetSettings#ioThreads()}) a healthy session is not
     * closed for it: the drain is given up, what is queued (and any sealed bytes not yet written) stays, and
     * the next record or keep-alive PING, which every idle session sends within {@code pingAfter}, tries
     * again. A refusal delays this session's writes; it never loses or reorders them.
     */
    private void handOff() {
        try {
            io.execute(this::drainWaiting);
        } catch (RuntimeException e) {
            boolean shutDown = io instanceof java.util.concurrent.ExecutorService es && es.isShutdown();
            if (shutDown || closing.get() || !(e instanceof java.util.concurrent.RejectedExecutionException)) {
                closeQuietly();
                return;
            }
            LOG.debug("no I/O thread to write for {} now; the next record or PING tries again", owner);
            draining.set(false);
        }
    }

    /** The drain on an I/O thread: may wait for the peer to make room. */
    private void drainWaiting() {
        drain(true);
    }

    /** Seals queued records into {@code out}, a batch at a time; nothing after BYE. */
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
        if (!byeSealed && budget.wantsConfirmation(sealed, pings.confirmed()) && !pings.awaiting(System.nanoTime())) {
            sealPing();
        }
    }

    private void seal(byte type, byte[] body) {
        byte[] frame = FrameWriter.encode(cipher.seal(type, body));
        append(frame);
        sealed = sealed.plus(frame.length);
        lastSealedMillis = clock.millis();
    }

    /** Seals a PING whose nonce marks this point of the stream. */
    private void sealPing() {
        long nonce = random.nextLong();
        seal(RecordType.PING, PingLedger.body(nonce));
        pings.sent(nonce, sealed, System.nanoTime()); // before it is written: no PONG can come sooner
    }

    private void append(byte[] frame) {
        if (outEnd + frame.length > out.length) {
            System.arraycopy(out, outStart, out, 0, outEnd - outStart);
            outEnd -= outStart;
            outStart = 0;
            if (outEnd + frame.length > out.length) {
                out = Arrays.copyOf(out, Math.max(2 * out.length, outEnd + frame.length));
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
        if (!mayWait && !budget.allows(sealed, pings.confirmed())) {
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

    private void closeQuietly() {
        try {
            channel.close(); // a reader waiting in a read fails at once
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
