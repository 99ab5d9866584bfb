package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolutionQueueTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> resolved = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);
    private final BlockingQueue<String> started = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    /** Records the name, then holds the worker until released (as JmDNS holds it for 200 ms). */
    private final Consumer<String> blocking = name -> {
        resolved.add(name);
        started.add(name);
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    private ResolutionQueue queue(int workers, int maxWaiting, Consumer<String> resolve) {
        return new ResolutionQueue(pool, workers, maxWaiting, resolve, System::nanoTime);
    }

    @Test
    void aFloodOfRequestsTakesAtMostTheWorkersAndEachWaitingNameIsResolvedOnce() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(300);
        ResolutionQueue q = queue(2, 1024, name -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            blocking.accept(name);
            running.decrementAndGet();
            done.countDown();
        });
        q.request("fake 0");
        q.request("fake 1");
        awaitResolved(2); // both workers are held
        for (int i = 2; i < 300; i++) {
            q.request("fake " + i);
            q.request("fake " + i); // JmDNS may report a name twice: it waits only once
        }
        assertEquals(298, q.waiting());
        release.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(2, peak.get());
        assertEquals(300, resolved.size());
        assertEquals(300, resolved.stream().distinct().count());
        assertEquals(0, q.waiting());
    }

    @Test
    void oneWorkerKeepsArrivalOrder() throws Exception {
        CountDownLatch done = new CountDownLatch(50);
        ResolutionQueue q = queue(1, 1024, name -> {
            resolved.add(name);
            done.countDown();
        });
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            names.add("peer " + i);
            q.request("peer " + i);
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(names, resolved);
    }

    @Test
    void beyondTheLimitNamesAreDroppedAndAWithdrawnNameIsNotResolved() throws Exception {
        ResolutionQueue q = queue(1, 3, blocking);
        q.request("first");
        awaitResolved(1); // the worker now holds "first"
        for (int i = 0; i < 10; i++) {
            q.request("waiting " + i);
        }
        assertEquals(3, q.waiting());
        q.cancel("waiting 1");
        assertEquals(2, q.waiting());
        release.countDown();
        awaitResolved(2);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of("first", "waiting 0", "waiting 2"), resolved);
    }

    @Test
    void aShutDownExecutorDropsRequestsQuietly() {
        pool.shutdown();
        ResolutionQueue q = queue(2, 10, resolved::add);
        q.request("late");
        q.request("later");
        assertEquals(0, q.waiting());
        assertEquals(List.of(), resolved);
    }

    @Test
    void aFailingRequestDoesNotStopTheWorker() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        ResolutionQueue q = new ResolutionQueue(Runnable::run, 1, 10, name -> {
            if (name.equals("bad")) {
                throw new IllegalStateException("JmDNS closed");
            }
            resolved.add(name);
            done.countDown();
        }, System::nanoTime);
        q.request("bad");
        q.request("good");
        assertTrue(done.await(1, TimeUnit.SECONDS));
        assertEquals(List.of("good"), resolved);
    }

    /** Waits for the blocking resolver to have started {@code n} more requests. */
    private void awaitResolved(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            assertTrue(started.poll(10, TimeUnit.SECONDS) != null, "resolved only " + resolved);
        }
    }
}
