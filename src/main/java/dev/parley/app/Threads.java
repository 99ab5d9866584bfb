package dev.parley.app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every thread Parley creates, named so that a thread dump reads like the architecture:
 * {@code parley-net-io-N} (accept loop, handshakes, session readers, writers; readers rename themselves
 * {@code parley-net-reader-<peer>} while they run), {@code parley-net-timer} (dialling, pings),
 * {@code parley-discovery-N} (mDNS events, resolution requests and closing). Shut down in that order by
 * {@link #close()}. Besides these, {@code parley-identity} loads the identity once at start-up and ends
 * ({@link EarlyIdentity}), and in headless mode {@code parley-headless-out} writes the events to standard
 * output ({@link #headlessOutput()}; it ends by itself).
 */
final class Threads implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Threads.class);

    /** Idle I/O threads end after {@value #IO_KEEP_ALIVE_SECONDS} s, so a burst of connections leaves none behind for long. */
    static final int IO_KEEP_ALIVE_SECONDS = 5;

    /**
     * At most {@link #NET_IO_THREADS} I/O threads, a hard cap (issue 13 item 1): what the network's own
     * bounds can need at once ({@code NetSettings.ioThreads}: every handshake admitted and those evicted
     * still ending, the dials, a reader and a writer for each session the registry may hold, the inbound
     * bulk channels, the accept loop and a few spare). A task beyond it is refused, never queued behind a
     * reader that may run for hours; the network handles a refusal as a failed connection. Idle threads end.
     */
    static final int NET_IO_THREADS = dev.parley.net.NetSettings.defaultIoThreads();

    final ExecutorService netIo = new ThreadPoolExecutor(0, NET_IO_THREADS, IO_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), named("parley-net-io-"));
    final ScheduledExecutorService netTimer = Executors.newSingleThreadScheduledExecutor(named("parley-net-timer"));
    /**
     * At most {@value #DISCOVERY_THREADS} discovery threads, however many announcements arrive: further tasks
     * wait in the queue, where discovery keeps only a few at a time (see {@code JmdnsDiscovery}). Enough for
     * the resolution workers, the event and re-announcement tasks, and closing a few interfaces in parallel.
     * Idle ones end after {@value #IO_KEEP_ALIVE_SECONDS} s.
     */
    static final int DISCOVERY_THREADS = 8;

    final ExecutorService discovery = bounded(DISCOVERY_THREADS, IO_KEEP_ALIVE_SECONDS * 1000L, "parley-discovery-");

    /** File transfers' bulk loops and their file I/O ({@code parley-files-N}); bounded by the engine's limits. */
    final ExecutorService files = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IO_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
            new SynchronousQueue<>(), named("parley-files-"));
    /** Every unicast DNS-SD query and update, one at a time ({@code discovery.UnicastDnsSd}); idle unless configured. */
    final ScheduledExecutorService dnsSd = Executors.newSingleThreadScheduledExecutor(named("parley-dns-sd"));

    /** Saves the known peers off the chat engine's lock (one thread, idle ends after the same keep-alive). */
    final ExecutorService store = bounded(1, IO_KEEP_ALIVE_SECONDS * 1000L, "parley-store");

    /**
     * The one thread that writes headless events, so that a consumer who stops reading blocks only it. The
     * front end starts it and it ends by itself once the queue is drained at exit; a daemon, so one stuck in a
     * write to an unread pipe does not keep the JVM alive. A plain thread, not a pool's worker: it holds no
     * lock at all while it writes.
     */
    static ThreadFactory headlessOutput() {
        return named("parley-headless-out");
    }

    /** A pool of at most {@code threads} that queues the rest (never rejects until shut down); idle threads end. */
    static ThreadPoolExecutor bounded(int threads, long keepAliveMillis, String prefix) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, keepAliveMillis, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(), named(prefix));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

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
        files.shutdownNow();
        dnsSd.shutdownNow();
        store.shutdown(); // a save under way finishes; the engine has flushed before this
        try {
            netIo.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
