package dev.parley.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test fixture: a running {@link DiscoveryProbe} child JVM whose output lines are read by a thread into
 * a queue; tests wait for a line with a deadline. Thread-safe for one waiting test thread.
 */
final class ProbeProcess {
    private final Process process;
    private final String name;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final List<String> backlog = new ArrayList<>();
    private final StringBuilder errors = new StringBuilder();
    private final Writer stdin;

    private ProbeProcess(Process process, String name) {
        this.process = process;
        this.name = name;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    }

    static ProbeProcess start(List<String> command, String name) throws IOException {
        ProbeProcess p = new ProbeProcess(new ProcessBuilder(command).start(), name);
        p.pump();
        return p;
    }

    private void pump() {
        Thread out = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
            lines.add("EOF");
        }, "probe-out-" + name);
        Thread err = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (errors) {
                        errors.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "probe-err-" + name);
        out.setDaemon(true);
        err.setDaemon(true);
        out.start();
        err.start();
    }

    /**
     * Returns the first line not yet taken that matches {@code match}, waiting for it with a deadline;
     * lines it passes over stay available to later waits. Fails with everything seen.
     */
    String await(String what, Predicate<String> match, Duration timeout) throws InterruptedException {
        for (String line : backlog) {
            if (match.test(line)) {
                backlog.remove(line);
                return line;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null || line.equals("EOF")) {
                throw new AssertionError(name + ": no " + what + " within " + timeout + "; saw " + seen
                        + (line == null ? "" : " then EOF") + "\nstderr:\n" + stderr());
            }
            seen.add(line);
            if (match.test(line)) {
                return line;
            }
            backlog.add(line);
        }
    }

    String awaitFound(String fingerprint, Duration timeout) throws InterruptedException {
        return await("FOUND " + fingerprint, l -> l.startsWith("FOUND " + fingerprint + " "), timeout);
    }

    String awaitLost(String fingerprint, Duration timeout) throws InterruptedException {
        return await("LOST " + fingerprint, l -> l.equals("LOST " + fingerprint) || l.startsWith("LOST " + fingerprint + " "), timeout);
    }

    /** Everything received so far and not yet taken by a wait; takes it. */
    List<String> drain() {
        List<String> fresh = new ArrayList<>();
        lines.drainTo(fresh);
        seen.addAll(fresh);
        List<String> out = new ArrayList<>(backlog);
        out.addAll(fresh);
        backlog.clear();
        return out;
    }

    void send(String command) throws IOException {
        stdin.write(command + "\n");
        stdin.flush();
    }

    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String stderr() {
        synchronized (errors) {
            return errors.toString();
        }
    }
}
