package dev.parley.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread Parley creates, named so that a thread dump reads like the architecture:
 * {@code parley-net-io-N} (accept loop, handshakes, session readers, writers; readers rename themselves
 * {@code parley-net-reader-<peer>} while they run), {@code parley-net-timer} (dialling, pings),
 * {@code parley-discovery-N} (mDNS events and closing). Shut down in that order by {@link #close()}.
 */
final class Threads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    final ExecutorService netIo = Executors.newCachedThreadPool(named("parley-net-io-"));
    final ScheduledExecutorService netTimer = Executors.newSingleThreadScheduledExecutor(named("parley-net-timer"));
    final ExecutorService discovery = Executors.newCachedThreadPool(named("parley-discovery-"));

    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        boolean numbered = prefix.endsWith("-");
        return r -> {
            Thread t = new Thread(r, numbered ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true); // never keep the JVM alive past main's own shutdown
            t.setUncaughtExceptionHandler((th, e) -> LOG.error("uncaught in {}", th.getName(), e));
            return t;
        };
    }

    @Override
    public void close() {
        netTimer.shutdownNow();
        netIo.shutdownNow();
        discovery.shutdownNow();
        try {
            netIo.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
