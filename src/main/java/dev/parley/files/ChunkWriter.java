package dev.parley.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The receiver's disk half of one file: chunks are written to the partial file and hashed on a thread of
 * their own while the bulk loop reads and opens the next ones, so the network, the cipher and the disk
 * overlap instead of taking turns. Bounded: at most {@link #DEPTH} chunks (of up to {@code chunkSize} bytes)
 * are held; {@link #write} waits while they are all in flight, which stops the loop reading and TCP paces
 * the sender. A write that fails is reported by the next {@link #write} or {@link #drain}.
 *
 * <p>One producer thread (the bulk loop) calls {@link #write}, {@link #drain}, {@link #digest} and
 * {@link #close}; {@link #written} may be read from any thread. After {@link #close} returns, the writer
 * thread writes nothing more (unless it did not end within {@link #CLOSE_WAIT_SECONDS}, which is logged).
 */
final class ChunkWriter implements AutoCloseable {
    /** Chunks in flight between the loop and the disk. */
    static final int DEPTH = 8;
    static final long CLOSE_WAIT_SECONDS = 60;

    /** What the writer learns of each chunk written: the file's bytes on disk now, and this chunk's size. */
    interface Progress {
        void written(long total, int n);
    }

    private record Chunk(byte[] bytes, int length, long at, CountDownLatch marker) {}

    private final Disk.Sink sink;
    private final MessageDigest md;
    private final Progress progress;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    /** Data chunks (at most DEPTH, one per buffer) and at most one drain and one stop marker. */
    private final BlockingQueue<Chunk> queued = new ArrayBlockingQueue<>(DEPTH + 2);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile long written;
    private volatile Exception failure;
    private boolean closed;

    /** Starts the writer on {@code executor}; the file has {@code offset} bytes (hashed into {@code md}) already. */
    ChunkWriter(Disk.Sink sink, MessageDigest md, long offset, int chunkSize, Executor executor, Progress progress) {
        this.sink = sink;
        this.md = md;
        this.progress = progress;
        this.written = offset;
        for (int i = 0; i < DEPTH; i++) {
            free.add(new byte[chunkSize]);
        }
        executor.execute(this::run);
    }

    /** Queues {@code n} bytes of {@code b} for position {@code at}; waits while {@link #DEPTH} are in flight. */
    void write(byte[] b, int off, int n, long at) throws IOException {
        check();
        byte[] buf;
        try {
            while ((buf = free.poll(1, TimeUnit.SECONDS)) == null) {
                check();
                if (ended.getCount() == 0) {
                    throw new IOException("the disk writer ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the disk");
        }
        System.arraycopy(b, off, buf, 0, n);
        queued.add(new Chunk(buf, n, at, null));
    }

    /** Waits until everything queued is written and hashed; fails if a write did. */
    void drain() throws IOException {
        check();
        CountDownLatch done = new CountDownLatch(1);
        if (ended.getCount() == 0 || !queued.offer(new Chunk(null, 0, 0, done))) { // full: the writer died
            throw new IOException("the disk writer ended");
        }
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                if (ended.getCount() == 0) {
                    throw new IOException("the disk writer ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the disk");
        }
        check();
    }

    /** The SHA-256 of the file so far; call after {@link #drain}. */
    byte[] digest() {
        return md.digest();
    }

    /** Bytes of the file on disk (written, not only queued). Any thread. */
    long written() {
        return written;
    }

    private void check() throws IOException {
        Exception f = failure;
        if (f instanceof IOException io) {
            throw io;
        }
        if (f != null) {
            throw new IllegalStateException("the disk writer failed", f);
        }
    }

    /** The writer thread: chunks in order, until the stop marker. After a failure it only hands buffers back. */
    private void run() {
        try {
            while (true) {
                Chunk c = queued.take();
                if (c.bytes == null) {
                    c.marker.countDown();
                    if (c.length < 0) {
                        return;
                    }
                    continue;
                }
                boolean wrote = false;
                if (failure == null) {
                    try {
                        sink.write(c.bytes, 0, c.length, c.at);
                        md.update(c.bytes, 0, c.length);
                        written = c.at + c.length;
                        wrote = true;
                    } catch (IOException | RuntimeException e) {
                        failure = e;
                    }
                }
                free.add(c.bytes);
                if (wrote) { // outside the write's try: the callback failing is no disk failure
                    try {
                        progress.written(c.at + c.length, c.length);
                    } catch (RuntimeException e) {
                        org.slf4j.LoggerFactory.getLogger(ChunkWriter.class).warn("a progress callback failed", e);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Stops the writer once what is queued is done (or skipped after a failure), and waits for it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ended.getCount() == 0) {
            return; // the writer has ended already (it failed): nothing to stop or wait for
        }
        if (!queued.offer(new Chunk(null, -1, 0, new CountDownLatch(1)))) {
            // full only when the writer died with the queue full: it takes nothing more
            org.slf4j.LoggerFactory.getLogger(ChunkWriter.class).warn("a disk writer ended with chunks queued");
            return;
        }
        try {
            if (!ended.await(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                org.slf4j.LoggerFactory.getLogger(ChunkWriter.class).warn("a disk writer did not end within {} s",
                        CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
