package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ThreadsTest {
    @Test
    void aBurstOfBlockingTasksGetsAtMostTheBoundAndEveryTaskRuns() throws Exception {
        ThreadPoolExecutor pool = Threads.bounded(4, 200, "test-bounded-");
        try {
            int tasks = 300; // as many as a flood of announcements that each hold a thread
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(tasks);
            CountDownLatch fourRunning = new CountDownLatch(4);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger peak = new AtomicInteger();
            Set<String> names = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < tasks; i++) {
                pool.execute(() -> {
                    peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                    names.add(Thread.currentThread().getName());
                    fourRunning.countDown();
                    try {
                        release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertEquals(4, pool.getPoolSize());
            assertEquals(tasks - 4, pool.getQueue().size(), "the rest wait; none is refused");
            // The four threads may not all have begun their task yet: wait for them before releasing.
            assertTrue(fourRunning.await(10, TimeUnit.SECONDS));
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(4, peak.get());
            assertTrue(names.stream().allMatch(n -> n.startsWith("test-bounded-")), names.toString());
            assertTrue(names.size() <= 4, names.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void idleThreadsEnd() throws Exception {
        ThreadPoolExecutor pool = Threads.bounded(4, 100, "test-idle-");
        try {
            CountDownLatch done = new CountDownLatch(4);
            Set<Thread> workers = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 4; i++) {
                pool.execute(() -> {
                    workers.add(Thread.currentThread());
                    done.countDown();
                });
            }
            assertTrue(done.await(5, TimeUnit.SECONDS));
            for (Thread t : workers) {
                t.join(5000);
                assertTrue(!t.isAlive(), t.getName() + " still runs after 5 s idle");
            }
            assertEquals(0, pool.getPoolSize());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Issue 13 item 1: the I/O pool was unbounded (3,000 sessions, 2,507 threads). It now has a hard cap,
     * what the network's own bounds can need at once, and a task beyond it is refused, not given a thread.
     */
    @Test
    void theNetworkPoolHasAHardCapFromTheNetworksBounds() throws Exception {
        assertEquals(dev.parley.net.NetSettings.defaultIoThreads(), Threads.NET_IO_THREADS);
        // 4 spare + 64 handshakes + 16 evicted still ending + 8 + 8 dials + 2 x (256 + 16) sessions + 16 bulk
        assertEquals(660, Threads.NET_IO_THREADS);
        try (Threads threads = new Threads()) {
            ThreadPoolExecutor io = (ThreadPoolExecutor) threads.netIo;
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(Threads.NET_IO_THREADS);
            try {
                for (int i = 0; i < Threads.NET_IO_THREADS; i++) {
                    io.execute(() -> {
                        started.countDown();
                        try {
                            release.await(20, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                assertTrue(started.await(20, TimeUnit.SECONDS));
                org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.RejectedExecutionException.class,
                        () -> io.execute(() -> { }), "a task beyond the cap got a thread");
                assertEquals(Threads.NET_IO_THREADS, io.getLargestPoolSize());
            } finally {
                release.countDown();
            }
        }
    }
}
