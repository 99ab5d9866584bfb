package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.DiscoveredPeer;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, item 6: one mDNS packet can change every announcement of a host, so a flood whose records
 * churn made an event per fake per packet (363,874 "connecting" events in 4 minutes). A peer's changes
 * now reach the engine at most once per interval.
 */
class CoalescerTest {
    static final long SECOND = 1_000_000_000L;

    long now;
    final List<Runnable> scheduled = new ArrayList<>();
    final PeerTableTest.Recorder sink = new PeerTableTest.Recorder();
    final Coalescer coalescer = new Coalescer(sink, (task, delay) -> scheduled.add(task), () -> now, 5 * SECOND);

    static DiscoveredPeer peer(int i, int version) {
        return new DiscoveredPeer(PeerTableTest.fp((char) ('A' + i % 26)) + i, "fake" + i + "v" + version,
                List.of(new InetSocketAddress("10.9." + (version % 250) + ".1", 7447)), 1, 1, false);
    }

    @Test
    void aFloodOfChangesReachesTheEngineAtMostOncePerPeerAndInterval() {
        List<long[]> due = new ArrayList<>();
        List<Runnable> tasks = new ArrayList<>();
        Coalescer timed = new Coalescer(sink, (task, delay) -> {
            tasks.add(task);
            due.add(new long[] {now + delay});
        }, () -> now, 5 * SECOND);
        int peers = 256;
        int packets = 600; // each changes every fake; ten a second for a minute
        for (int p = 0; p < packets; p++) {
            for (int i = 0; i < peers; i++) {
                timed.found(peer(i, p));
            }
            now += SECOND / 10;
            for (int k = 0; k < tasks.size(); k++) {
                if (due.get(k)[0] <= now) {
                    Runnable r = tasks.remove(k);
                    due.remove(k--);
                    r.run();
                }
            }
        }
        // 153,600 changes in 60 s: each peer's passed on about once per 5 s
        assertTrue(sink.found.size() <= peers * (60 / 5 + 1), "changes passed on: " + sink.found.size());
        assertTrue(sink.found.size() >= peers * (60 / 5 - 1), "changes passed on: " + sink.found.size());
        tasks.forEach(Runnable::run);
        assertTrue(sink.events.contains("found fake7v" + (packets - 1) + " [10.9." + ((packets - 1) % 250) + ".1:7447]"),
                "the latest change is the one passed on last");
        assertEquals(0, timed.waiting());
    }

    @Test
    void aFirstSightingAndALossAreNeverHeldBack() {
        coalescer.found(peer(1, 0));
        coalescer.found(peer(1, 1)); // within the interval: waits
        coalescer.lost(peer(1, 0).fingerprint());
        coalescer.found(peer(1, 2)); // found again after the loss: at once
        assertEquals(List.of("found fake1v0 [10.9.0.1:7447]", "lost " + peer(1, 0).fingerprint().charAt(7),
                "found fake1v2 [10.9.2.1:7447]"), sink.events);
        scheduled.forEach(Runnable::run);
        assertEquals(3, sink.events.size(), "the change cancelled by the loss is not passed on");
    }

    @Test
    void aChangeAfterAQuietSpellPassesAtOnce() {
        coalescer.found(peer(1, 0));
        now += 5 * SECOND;
        coalescer.found(peer(1, 1));
        assertEquals(2, sink.found.size());
        assertEquals(0, scheduled.size());
    }

    @Test
    void ourOwnAnnouncementsPassAtOnceEveryTime() {
        coalescer.ownAnnouncement();
        coalescer.ownAnnouncement();
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("own", "own"), sink.events);
        org.junit.jupiter.api.Assertions.assertTrue(scheduled.isEmpty(), "nothing held back");
    }
}
