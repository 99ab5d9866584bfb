package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.KnownPeer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Saving the known peers off the engine's lock: coalesced, in order, failures reported, flushed at the end. */
class KnownPeersTest {
    private static KnownPeer peer(String name) {
        TestPeer p = TestPeer.named(name);
        return new KnownPeer(p.fingerprint(), p.publicKey(), p.nickname(), Instant.EPOCH, Instant.EPOCH, false, List.of());
    }

    @Test
    void changesMadeBeforeTheSaverRunsAreSavedTogetherNewestLast() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        Queue<Runnable> tasks = new ArrayDeque<>();
        KnownPeers known = new KnownPeers(store, tasks::add, (fp, e) -> { });
        KnownPeer alice = peer("alice");
        KnownPeer bob = peer("bob");
        known.put(alice);
        known.put(bob);
        assertEquals(0, store.saves(), "nothing is written on the changing thread");
        assertEquals(1, tasks.size(), "one save task for both changes");
        tasks.poll().run();
        assertEquals(1, store.saves());
        assertEquals(List.of(alice, bob), store.load());
        KnownPeer renamed = new KnownPeer(bob.fingerprint(), bob.publicKey(), "robert", Instant.EPOCH, Instant.EPOCH,
                false, List.of());
        known.put(renamed);
        tasks.poll().run();
        assertEquals(List.of(alice, renamed), store.load());
    }

    @Test
    void aFailedSaveIsReportedWithTheChangedPeer() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        store.failing(true);
        List<String> failures = new ArrayList<>();
        KnownPeers known = new KnownPeers(store, Runnable::run, (fp, e) -> failures.add(fp + ": " + e.getMessage()));
        KnownPeer alice = peer("alice");
        known.put(alice);
        assertEquals(List.of(alice.fingerprint() + ": disk full"), failures);
    }

    @Test
    void flushWaitsForTheSaverAndSavesWhatIsPending() throws Exception {
        MemoryTrustStore store = new MemoryTrustStore();
        CountDownLatch saving = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store.beforeSave(() -> {
            saving.countDown();
            try {
                release.await(10, TimeUnit.SECONDS); // a slow disk
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ExecutorService saver = Executors.newSingleThreadExecutor();
        try {
            KnownPeers known = new KnownPeers(store, saver, (fp, e) -> { });
            KnownPeer alice = peer("alice");
            KnownPeer bob = peer("bob");
            known.put(alice);
            assertTrue(saving.await(10, TimeUnit.SECONDS));
            known.put(bob); // while alice's save is under way
            Thread releaser = new Thread(release::countDown);
            releaser.start();
            known.flush();
            assertEquals(List.of(alice, bob), store.load(), "flush returns once everything so far is saved");
            releaser.join();
        } finally {
            saver.shutdownNow();
        }
    }
}
