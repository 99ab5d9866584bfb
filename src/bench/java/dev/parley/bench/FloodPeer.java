package dev.parley.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A headless jar peer that floods one peer with {@code /msg} lines at a target rate, in ticks of
 * {@link #TICK_MILLIS}, never more than {@link #WINDOW} ahead of what was delivered (so a receiver that
 * pushes back sets the rate, and nothing piles up without end in the sender). Counts its status events
 * without parsing them (a JSON parser would compete with the UI under test for the CPU). Its own threads:
 * one writer, one reader of events, one of errors.
 */
final class FloodPeer implements AutoCloseable {
    static final long TICK_MILLIS = 10;
    /** Messages offered but not yet delivered, at most. */
    static final long WINDOW = 5_000;

    private final Process process;
    private final Writer in;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final StringBuilder stderr = new StringBuilder();
    private final Object online = new Object();
    private boolean peerOnline; // guarded by online
    private volatile boolean flooding;
    private Thread writer;

    private FloodPeer(Process process) {
        this.process = process;
        this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        daemon("bench-flood-out", this::readEvents);
        daemon("bench-flood-err", this::readErrors);
    }

    static FloodPeer start(List<String> command) throws IOException {
        return new FloodPeer(new ProcessBuilder(command).start());
    }

    /** Waits until the peer says {@code nick} is online; fails after {@code millis}. */
    void awaitOnline(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (online) {
            while (!peerOnline) {
                long left = end - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    throw new IllegalStateException("the flood peer never saw its target online; stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(online, left);
            }
        }
    }

    /** Starts offering {@code /msg target flood N} at {@code perSecond} (N counts from 0). */
    void flood(String target, int perSecond) {
        flooding = true;
        writer = daemon("bench-flood-in", () -> offer(target, perSecond));
    }

    void stop() throws InterruptedException {
        flooding = false;
        if (writer != null) {
            writer.join(10_000);
        }
    }

    long pid() {
        return process.pid();
    }

    long offered() {
        return offered.get();
    }

    long sent() {
        return sent.get();
    }

    /** Messages the receiver acknowledged. */
    long delivered() {
        return delivered.get();
    }

    private void offer(String target, int perSecond) {
        long perTick = Math.max(1, perSecond * TICK_MILLIS / 1000);
        long next = System.nanoTime();
        try {
            while (flooding) {
                long n = Math.min(perTick, WINDOW - (offered.get() - delivered.get()));
                for (long i = 0; i < n; i++) {
                    in.write("/msg " + target + " flood " + offered.getAndIncrement() + "\n");
                }
                in.flush();
                next += TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the pace of the offered load
                } else {
                    next = System.nanoTime(); // behind: no catching up in a burst
                }
            }
        } catch (IOException e) {
            // the peer ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("\"status\":\"delivered\"")) {
                    delivered.incrementAndGet();
                } else if (line.contains("\"status\":\"sent\"")) {
                    sent.incrementAndGet();
                } else if (line.contains("\"event\":\"peer\"") && line.contains("\"state\":\"online\"")) {
                    synchronized (online) {
                        peerOnline = true;
                        online.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void readErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // ended
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    /** {@code /quit}, then kills it if it has not left within 10 s. */
    @Override
    public void close() {
        flooding = false;
        try {
            in.write("/quit\n");
            in.close();
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }
}
