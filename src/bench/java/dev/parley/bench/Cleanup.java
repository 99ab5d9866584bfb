package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a benchmark started (processes, a namespace lab, temporary folders), closed newest first, once:
 * when the benchmark's {@code try} ends, or from a shutdown hook if the JVM is stopped before
 * (Ctrl-C, SIGTERM), so that no namespace or process outlives the run. Thread-safe.
 */
final class Cleanup implements AutoCloseable {
    private final Deque<AutoCloseable> items = new ArrayDeque<>();
    private final Thread hook = new Thread(this::closeAll, "bench-cleanup");
    private boolean closed; // guarded by this

    Cleanup() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Closes {@code item} with the others; closes it at once if that has already happened. */
    <T extends AutoCloseable> T add(T item) {
        synchronized (this) {
            if (!closed) {
                items.push(item);
                return item;
            }
        }
        quietly(item);
        throw new IllegalStateException("shutting down");
    }

    /** A process, killed (with its children) if still running. */
    Process add(Process p) {
        add(() -> kill(p));
        return p;
    }

    /** A folder, deleted with everything in it. */
    Path addTree(Path dir) {
        add(() -> deleteTree(dir));
        return dir;
    }

    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        closeAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private synchronized void closeAll() {
        closed = true;
        while (!items.isEmpty()) {
            quietly(items.pop());
        }
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            System.err.println("cleanup: " + e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
