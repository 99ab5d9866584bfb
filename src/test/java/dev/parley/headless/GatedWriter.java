package dev.parley.headless;

import dev.parley.LockCheck;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A consumer on the other end of standard output: while its gate is shut, a write blocks until the test
 * opens it, as a write to a full pipe does. Keeps what was written and what was flushed; records a
 * violation if written to or flushed while the caller holds any lock (on the first {@code checkedCalls}
 * writes and flushes: asking the JVM for a thread's locks walks the heap). Thread-safe.
 */
final class GatedWriter extends Writer {
    final LockCheck locks = new LockCheck();
    private final int checkedCalls;
    private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    private final Object state = new Object();
    private final StringBuilder written = new StringBuilder(); // guarded by state
    private boolean open;
    private boolean blocked;
    private int flushedLength;
    private int flushes;

    GatedWriter(boolean open) {
        this(open, 10);
    }

    GatedWriter(boolean open, int checkedCalls) {
        this.open = open;
        this.checkedCalls = checkedCalls;
    }

    void shut() {
        synchronized (state) {
            open = false;
        }
    }

    void open() {
        synchronized (state) {
            open = true;
            state.notifyAll();
        }
    }

    /** Waits until a write is blocked at the shut gate; false after the deadline. */
    boolean awaitBlocked(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        synchronized (state) {
            while (!blocked) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                state.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    boolean blockedNow() {
        synchronized (state) {
            return blocked;
        }
    }

    @Override
    public void write(String s, int off, int len) throws IOException {
        check("Writer.write");
        synchronized (state) {
            awaitOpen();
            written.append(s, off, off + len);
        }
    }

    @Override
    public void write(char[] c, int off, int len) throws IOException {
        write(new String(c, off, len), 0, len);
    }

    @Override
    public void write(int c) throws IOException {
        write(String.valueOf((char) c), 0, 1);
    }

    @Override
    public void flush() throws IOException {
        check("Writer.flush");
        synchronized (state) {
            awaitOpen();
            flushedLength = written.length();
            flushes++;
        }
    }

    @Override
    public void close() {}

    /** The complete lines written so far. */
    List<String> lines() {
        synchronized (state) {
            return lines(written.toString());
        }
    }

    /** The complete lines flushed so far. */
    List<String> flushedLines() {
        synchronized (state) {
            return lines(written.substring(0, flushedLength));
        }
    }

    int flushes() {
        synchronized (state) {
            return flushes;
        }
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        out.remove(out.size() - 1); // after the last newline: an incomplete line or nothing
        return out;
    }

    private void check(String where) {
        if (calls.incrementAndGet() <= checkedCalls) {
            locks.check(where);
        }
    }

    /** Caller holds state. */
    private void awaitOpen() throws InterruptedIOException {
        try {
            while (!open) {
                blocked = true;
                state.notifyAll();
                state.wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted at the shut gate");
        } finally {
            blocked = false;
        }
    }
}
