package dev.parley.files;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The sender's disk half of one file: chunks are read ahead and hashed on a thread of their own while the
 * bulk loop seals and sends the previous ones. Bounded: at most {@link #DEPTH} chunks are read ahead. The
 * hash covers exactly the chunks handed out, in order; {@link #digest} is the file's once the last has been.
 *
 * <p>One consumer thread (the bulk loop) calls {@link #next}, {@link #recycle}, {@link #digest} and
 * {@link #close}. After {@link #close} returns, the reader thread reads nothing more (unless it did not end
 * within {@link ChunkWriter#CLOSE_WAIT_SECONDS}, which is logged).
 */
final class ChunkReader implements AutoCloseable {
    static final int DEPTH = 4;

    /** The file ended before the size it was offered with. */
    static final class Shorter extends IOException {
        Shorter() {
            super("the file is shorter than offered");
        }
    }

    /** {@code length} bytes of the file at {@code at}, in {@code bytes}; hand them back with {@link #recycle}. */
    record Chunk(byte[] bytes, int length, long at) {}

    private record Failure(IOException cause) {}

    private final FileChannel file;
    private final MessageDigest md;
    private final long size;
    private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(DEPTH);
    /** Chunks read (at most DEPTH, one per buffer) and at most one failure. */
    private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(DEPTH + 1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile boolean stopped;
    private long nextAt;

    /** Starts reading at {@code offset} ({@code md} holds the hash of what is before) up to {@code size}. */
    ChunkReader(FileChannel file, MessageDigest md, long offset, long size, int chunkSize, Executor executor) {
        this.file = file;
        this.md = md;
        this.size = size;
        this.nextAt = offset;
        for (int i = 0; i < DEPTH; i++) {
            free.add(new byte[chunkSize]);
        }
        long start = offset;
        executor.execute(() -> run(start));
    }

    /** The next chunk, in order; {@link Shorter} if the file ended early, or the read's failure. */
    Chunk next() throws IOException {
        if (nextAt >= size) {
            throw new IllegalStateException("past the end");
        }
        Object o;
        try {
            while ((o = ready.poll(1, TimeUnit.SECONDS)) == null) {
                if (ended.getCount() == 0 && ready.isEmpty()) {
                    throw new IOException("the disk reader ended");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the disk");
        }
        if (o instanceof Failure f) {
            throw f.cause;
        }
        Chunk c = (Chunk) o;
        nextAt = c.at + c.length;
        return c;
    }

    void recycle(Chunk c) {
        free.add(c.bytes);
    }

    /** The SHA-256 of the whole file; call once the last chunk was handed out. */
    byte[] digest() {
        if (nextAt < size) {
            throw new IllegalStateException("not all of the file was read");
        }
        return md.digest();
    }

    private void run(long start) {
        try {
            long at = start;
            while (at < size && !stopped) {
                byte[] buf = free.poll(1, TimeUnit.SECONDS);
                if (buf == null) {
                    continue;
                }
                int want = (int) Math.min(buf.length, size - at);
                ByteBuffer bb = ByteBuffer.wrap(buf, 0, want);
                while (bb.hasRemaining()) {
                    if (file.read(bb, at + bb.position()) < 0) {
                        throw new Shorter();
                    }
                }
                md.update(buf, 0, want);
                ready.add(new Chunk(buf, want, at));
                at += want;
            }
        } catch (IOException e) {
            ready.add(new Failure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ended.countDown();
        }
    }

    /** Stops reading ahead and waits for the reader thread to end. */
    @Override
    public void close() {
        stopped = true;
        try {
            if (!ended.await(ChunkWriter.CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
                org.slf4j.LoggerFactory.getLogger(ChunkReader.class).warn("a disk reader did not end within {} s",
                        ChunkWriter.CLOSE_WAIT_SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
