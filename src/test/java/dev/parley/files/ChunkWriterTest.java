package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The receiver's disk writer: in order and hashed, bounded in what it holds, and a failed write reported. */
class ChunkWriterTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    /** A sink that keeps what is written where it says, and can be made to wait or fail. */
    private static final class MemorySink implements Disk.Sink {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CountDownLatch open = new CountDownLatch(1);
        volatile boolean blocking;
        volatile IOException failure;
        final AtomicLong writes = new AtomicLong();

        @Override
        public synchronized void write(byte[] b, int off, int len, long position) throws IOException {
            if (blocking) {
                try {
                    open.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                throw failure;
            }
            assertEquals(bytes.size(), position, "written in order, each where it belongs");
            bytes.write(b, off, len);
            writes.incrementAndGet();
        }

        @Override public void truncate(long size) { }
        @Override public void force() { }
        @Override public void close() { }
    }

    private static MessageDigest sha256() throws Exception {
        return MessageDigest.getInstance("SHA-256");
    }

    @Test
    void chunksAreWrittenInOrderAndHashedWithTheOffsetBefore() throws Exception {
        MemorySink sink = new MemorySink();
        byte[] data = new byte[1_000_000];
        new Random(7).nextBytes(data);
        MessageDigest md = sha256();
        AtomicLong progress = new AtomicLong();
        AtomicLong last = new AtomicLong();
        try (ChunkWriter w = new ChunkWriter(sink, md, 0, 4096, threads, (total, n) -> {
            progress.addAndGet(n);
            last.set(total);
        })) {
            Random sizes = new Random(3);
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, 1 + sizes.nextInt(4096));
                w.write(data, at, n, at);
                at += n;
            }
            w.drain();
            assertEquals(data.length, w.written());
            assertEquals(data.length, progress.get());
            assertEquals(data.length, last.get());
            assertArrayEquals(sha256().digest(data), w.digest());
        }
        assertArrayEquals(data, sink.bytes.toByteArray());
    }

    @Test
    void atMostDepthChunksAreHeldWhileTheDiskWaits() throws Exception {
        MemorySink sink = new MemorySink();
        sink.blocking = true;
        byte[] chunk = new byte[100];
        CountDownLatch allWritten = new CountDownLatch(1);
        AtomicLong queued = new AtomicLong();
        try (ChunkWriter w = new ChunkWriter(sink, sha256(), 0, 100, threads, (total, n) -> { })) {
            Thread producer = new Thread(() -> {
                try {
                    for (int i = 0; i <= ChunkWriter.DEPTH; i++) {
                        w.write(chunk, 0, chunk.length, (long) i * chunk.length);
                        queued.incrementAndGet();
                    }
                    allWritten.countDown();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, "test-producer");
            producer.start();
            // the first DEPTH go into the buffers (one of them at the blocked disk); the next waits for one
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!(queued.get() == ChunkWriter.DEPTH && producer.getState() == Thread.State.TIMED_WAITING)) {
                assertTrue(System.nanoTime() < end, "the producer did not come to wait with " + ChunkWriter.DEPTH
                        + " chunks in flight (queued " + queued.get() + ", " + producer.getState() + ")");
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // polling, with the deadline above
            }
            assertEquals(ChunkWriter.DEPTH, queued.get());
            sink.open.countDown();
            assertTrue(allWritten.await(30, TimeUnit.SECONDS));
            w.drain();
            assertEquals(ChunkWriter.DEPTH + 1, sink.writes.get());
            producer.join(30_000);
        }
    }

    @Test
    void aFailedWriteIsReportedByTheNextWriteOrTheDrain() throws Exception {
        MemorySink sink = new MemorySink();
        sink.failure = new IOException("No space left on device");
        byte[] chunk = new byte[10];
        try (ChunkWriter w = new ChunkWriter(sink, sha256(), 0, 10, threads, (total, n) -> { })) {
            w.write(chunk, 0, 10, 0);
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 1; i < 1_000_000; i++) {
                    w.write(chunk, 0, 10, i * 10L);
                }
                w.drain();
            });
            assertEquals("No space left on device", e.getMessage());
            assertEquals(0, w.written());
            assertThrows(IOException.class, w::drain);
        }
    }

    @Test
    void aProgressCallbackThatThrowsIsNoDiskFailure() throws Exception {
        MemorySink sink = new MemorySink();
        byte[] data = new byte[40_000];
        new Random(11).nextBytes(data);
        MessageDigest md = sha256();
        AtomicLong calls = new AtomicLong();
        try (ChunkWriter w = new ChunkWriter(sink, md, 0, 4096, threads, (total, n) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("a listener's bug");
            }
        })) {
            for (int at = 0; at < data.length; at += 4000) {
                w.write(data, at, 4000, at);
            }
            w.drain(); // does not fail: every chunk is on disk
            assertEquals(data.length, w.written());
            assertArrayEquals(data, sink.bytes.toByteArray(), "every chunk written after the callback failed");
            assertArrayEquals(sha256().digest(data), w.digest());
            assertEquals(10, calls.get(), "told of each chunk");
        }
    }

    @Test
    void closingAWriterThatDiedWithItsQueueFullDoesNotHideWhy() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch die = new CountDownLatch(1);
        Disk.Sink dying = new Disk.Sink() {
            @Override
            public void write(byte[] b, int off, int len, long position) {
                inWrite.countDown();
                try {
                    die.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError("the writer thread dies"); // an Error: not caught as a failed write
            }

            @Override public void truncate(long size) { }
            @Override public void force() { }
            @Override public void close() { }
        };
        ChunkWriter w = new ChunkWriter(dying, sha256(), 0, 16, threads, (total, n) -> { });
        byte[] chunk = new byte[16];
        w.write(chunk, 0, 16, 0);
        assertTrue(inWrite.await(60, TimeUnit.SECONDS));
        for (int i = 1; i < ChunkWriter.DEPTH; i++) { // every buffer in flight: the queue holds the rest
            w.write(chunk, 0, 16, 16L * i);
        }
        threads.execute(die::countDown);
        for (int i = 0; i < 4; i++) { // each drain leaves a marker the dead writer never takes: the queue fills
            IOException e = assertThrows(IOException.class, w::drain);
            assertEquals("the disk writer ended", e.getMessage());
        }
        w.close(); // neither throws nor waits for a writer that has ended
    }
}

