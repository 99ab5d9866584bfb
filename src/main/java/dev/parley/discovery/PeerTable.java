package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peers discovery currently sees, merged across interfaces: one peer per fingerprint, with the
 * union of the addresses its announcements carry on every interface ("source"). A peer is lost when
 * its last announcement is gone. Our own fingerprint is never reported as a peer, only counted
 * ({@link DiscoveryListener#ownAnnouncement}).
 *
 * <p>An announcement is a hint, never proof, and anyone can announce any fingerprint at any address. So
 * hints are ranked by what dialling taught ({@link #evidence}): an address where a handshake proved the
 * fingerprint ranks first, then one that did once, then one never tried, and last one that failed (for
 * {@link #FAILURE_MEMORY_NANOS}; after that it counts as untried again). The bounds are kept by that rank,
 * never first come first served: a peer holds at most {@value #MAX_INSTANCES_PER_PEER} announcements,
 * and a new one takes the place of the worst held when it ranks higher; the table holds at most
 * {@code maxPeers} peers, and a new peer takes the place of one whose every address failed. What was
 * refused is not lost: once a held hint has failed or gone, the table asks for the announcements it does
 * not hold to be offered again ({@code rescan}), so a real peer refused during a flood gets in as soon as a
 * fake fails, and after the attack stops. The merged addresses are listed best first, so a dialer tries
 * what worked before what failed.
 *
 * <p>Thread-safe. Calls the sink and {@code rescan} while holding its lock, so events come out in the order
 * the table changed; both must return quickly (they only queue).
 */
final class PeerTable {
    static final int DEFAULT_MAX_PEERS = 256;
    static final int MAX_INSTANCES_PER_PEER = 8;
    static final int MAX_ADDRESSES_PER_PEER = 16;
    /** Dial outcomes remembered, (fingerprint, address) pairs; the least recently used go first. */
    static final int MAX_EVIDENCE = 4096;
    /** How long a failed address (that never worked) ranks below one never tried. */
    static final long FAILURE_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

    /** Ranks of a hint, best last. */
    static final int FAILED = 0;
    static final int UNTRIED = 1;
    static final int WORKED_BEFORE = 2;
    static final int WORKS = 3;

    private record Key(String source, String instance) {}

    private record Entry(TxtRecord txt, int port, List<InetAddress> addresses, long seq) {}

    private record Hint(String fingerprint, InetSocketAddress address) {}

    private static final class Outcome {
        boolean everWorked;
        boolean lastWorked;
        long failedAt;
    }

    private final String ownFingerprint;
    private final int maxPeers;
    private final DiscoveryListener sink;
    private final Runnable rescan;
    private final LongSupplier nanoClock;
    private final RateLimitedLog overflowLog;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<String, DiscoveredPeer> reported = new LinkedHashMap<>();
    private final Map<Hint, Outcome> evidence = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Hint, Outcome> eldest) {
            return size() > MAX_EVIDENCE;
        }
    };
    private long seq;
    /** An announcement was refused since a rescan was last asked for. */
    private boolean refused;

    PeerTable(String ownFingerprint, int maxPeers, DiscoveryListener sink, LongSupplier nanoClock) {
        this(ownFingerprint, maxPeers, sink, () -> { }, nanoClock);
    }

    /** @param rescan asks for every announcement the table does not hold to be offered again; only queues */
    PeerTable(String ownFingerprint, int maxPeers, DiscoveryListener sink, Runnable rescan, LongSupplier nanoClock) {
        this.ownFingerprint = ownFingerprint;
        this.maxPeers = maxPeers;
        this.sink = sink;
        this.rescan = rescan;
        this.nanoClock = nanoClock;
        this.overflowLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES, nanoClock);
    }

    /** An announcement on {@code source} resolved (or changed) to this TXT, port and addresses. */
    synchronized void resolved(String source, String instance, TxtRecord txt, int port, List<InetAddress> addresses) {
        if (txt.fingerprint().equals(ownFingerprint)) {
            sink.ownAnnouncement();
            return;
        }
        if (addresses.isEmpty()) {
            return;
        }
        Key key = new Key(source, instance);
        Entry old = entries.get(key);
        if (old != null && !old.txt().fingerprint().equals(txt.fingerprint())) {
            removed(source, instance); // the instance name now belongs to someone else
            old = null;
        }
        Entry fresh = new Entry(txt, port, List.copyOf(addresses), ++seq);
        if (old == null && !admit(fresh)) {
            refused = true;
            return;
        }
        entries.put(key, fresh);
        report(txt.fingerprint());
    }

    /** An announcement on {@code source} said goodbye or expired. */
    synchronized void removed(String source, String instance) {
        Entry gone = entries.remove(new Key(source, instance));
        if (gone != null) {
            report(gone.txt().fingerprint());
            askRescanIfRefused();
        }
    }

    /** What a dial of {@code address} for {@code fingerprint} taught; re-ranks that peer's hints. */
    synchronized void evidence(String fingerprint, InetSocketAddress address, boolean worked) {
        if (fingerprint == null || address == null || address.isUnresolved()) {
            return;
        }
        Outcome o = evidence.computeIfAbsent(new Hint(fingerprint, address), h -> new Outcome());
        o.lastWorked = worked;
        o.everWorked |= worked;
        if (!worked) {
            o.failedAt = nanoClock.getAsLong();
        }
        if (reported.containsKey(fingerprint)) {
            report(fingerprint);
        }
        if (!worked) {
            askRescanIfRefused();
        }
    }

    /** Whether the table holds this announcement (a rescan need not offer it again). */
    synchronized boolean holds(String source, String instance) {
        return entries.containsKey(new Key(source, instance));
    }

    synchronized int size() {
        return reported.size();
    }

    private void askRescanIfRefused() {
        if (refused) {
            refused = false;
            rescan.run();
        }
    }

    private int rank(String fingerprint, InetSocketAddress address) {
        Outcome o = evidence.get(new Hint(fingerprint, address));
        if (o == null) {
            return UNTRIED;
        }
        if (o.lastWorked) {
            return WORKS;
        }
        if (o.everWorked) {
            return WORKED_BEFORE;
        }
        return nanoClock.getAsLong() - o.failedAt > FAILURE_MEMORY_NANOS ? UNTRIED : FAILED;
    }

    private int rank(Entry e) {
        int best = FAILED;
        for (InetAddress a : e.addresses()) {
            best = Math.max(best, rank(e.txt().fingerprint(), new InetSocketAddress(a, e.port())));
        }
        return best;
    }

    /** Makes room for a new announcement if it ranks above what it would displace; false if refused. */
    private boolean admit(Entry fresh) {
        String fingerprint = fresh.txt().fingerprint();
        int rank = rank(fresh);
        Map.Entry<Key, Entry> worst = null;
        int worstRank = Integer.MAX_VALUE;
        int instances = 0;
        for (Map.Entry<Key, Entry> e : entries.entrySet()) {
            if (e.getValue().txt().fingerprint().equals(fingerprint)) {
                instances++;
                int r = rank(e.getValue());
                if (r < worstRank) { // ties: the oldest, first in the map's order
                    worst = e;
                    worstRank = r;
                }
            }
        }
        if (instances >= MAX_INSTANCES_PER_PEER) {
            if (worstRank < rank) {
                entries.remove(worst.getKey());
                return true; // the caller reports the peer with the new announcement in place of the worst
            }
            overflowLog.warn("peer announces too many instances; ignoring more that rank no better");
            return false;
        }
        if (instances == 0 && reported.size() >= maxPeers) {
            String victim = rank > FAILED ? neverAnswered() : null;
            if (victim == null) {
                overflowLog.warn("discovery holds " + maxPeers + " peers that may answer; ignoring new ones for now");
                return false;
            }
            entries.values().removeIf(e -> e.txt().fingerprint().equals(victim));
            report(victim);
            LOG.debug("dropped {}, whose every address failed, for a new peer", victim);
        }
        return true;
    }

    /** A peer of the table whose every announced address failed, the one heard of least recently; or null. */
    private String neverAnswered() {
        Map<String, Long> latest = new LinkedHashMap<>();
        Set<String> hopeful = new java.util.HashSet<>();
        for (Entry e : entries.values()) {
            String fp = e.txt().fingerprint();
            latest.merge(fp, e.seq(), Math::max);
            if (rank(e) > FAILED) {
                hopeful.add(fp);
            }
        }
        return latest.entrySet().stream().filter(e -> !hopeful.contains(e.getKey()))
                .min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
    }

    /** Recomputes the merged view of one peer and reports it if it differs from what was last reported. */
    private void report(String fingerprint) {
        DiscoveredPeer merged = merge(fingerprint);
        if (merged == null) {
            if (reported.remove(fingerprint) != null) {
                sink.lost(fingerprint);
            }
        } else if (!Objects.equals(reported.put(fingerprint, merged), merged)) {
            sink.found(merged);
        }
    }

    private record Ranked(InetSocketAddress address, int rank) {}

    private DiscoveredPeer merge(String fingerprint) {
        Entry best = null;
        int bestRank = -1;
        List<Ranked> all = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (!e.txt().fingerprint().equals(fingerprint)) {
                continue;
            }
            int r = rank(e);
            if (r > bestRank || (r == bestRank && e.seq() > best.seq())) {
                best = e;
                bestRank = r;
            }
            for (InetAddress a : e.addresses()) {
                InetSocketAddress s = new InetSocketAddress(a, e.port());
                all.add(new Ranked(s, rank(fingerprint, s)));
            }
        }
        if (best == null) {
            return null;
        }
        all.sort(Comparator.comparingInt(Ranked::rank).reversed()); // stable: announcement order within a rank
        Set<InetSocketAddress> addresses = new LinkedHashSet<>();
        for (Ranked r : all) {
            if (addresses.size() < MAX_ADDRESSES_PER_PEER) {
                addresses.add(r.address());
            }
        }
        TxtRecord t = best.txt(); // the nickname of the best-ranked announcement, the latest among equals
        return new DiscoveredPeer(fingerprint, t.nickname(), List.copyOf(addresses), t.minVersion(), t.maxVersion(),
                t.networkKeyRequired());
    }
}
