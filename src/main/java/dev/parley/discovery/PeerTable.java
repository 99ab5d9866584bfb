package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * its last announcement is gone. Our own fingerprint is never reported. Holds at most {@code maxPeers}
 * peers; announcements of further peers are ignored and logged at a bounded rate.
 *
 * <p>Thread-safe. Calls the sink while holding its lock, so events come out in the order the table
 * changed; the sink must return quickly (it only queues).
 */
final class PeerTable {
    static final int DEFAULT_MAX_PEERS = 256;
    static final int MAX_INSTANCES_PER_PEER = 8;
    static final int MAX_ADDRESSES_PER_PEER = 16;
    private static final Logger LOG = LoggerFactory.getLogger(PeerTable.class);

    private record Key(String source, String instance) {}

    private record Entry(TxtRecord txt, int port, List<InetAddress> addresses, long seq) {}

    private final String ownFingerprint;
    private final int maxPeers;
    private final DiscoveryListener sink;
    private final RateLimitedLog overflowLog;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private final Map<String, DiscoveredPeer> reported = new LinkedHashMap<>();
    private long seq;

    PeerTable(String ownFingerprint, int maxPeers, DiscoveryListener sink, LongSupplier nanoClock) {
        this.ownFingerprint = ownFingerprint;
        this.maxPeers = maxPeers;
        this.sink = sink;
        this.overflowLog = new RateLimitedLog(LOG, 1, TimeUnit.MINUTES, nanoClock);
    }

    /** An announcement on {@code source} resolved (or changed) to this TXT, port and addresses. */
    synchronized void resolved(String source, String instance, TxtRecord txt, int port, List<InetAddress> addresses) {
        if (txt.fingerprint().equals(ownFingerprint) || addresses.isEmpty()) {
            return;
        }
        Key key = new Key(source, instance);
        Entry old = entries.get(key);
        if (old != null && !old.txt().fingerprint().equals(txt.fingerprint())) {
            removed(source, instance); // the instance name now belongs to someone else
            old = null;
        }
        if (old == null && !admit(txt.fingerprint())) {
            return;
        }
        entries.put(key, new Entry(txt, port, List.copyOf(addresses), ++seq));
        report(txt.fingerprint());
    }

    /** An announcement on {@code source} said goodbye or expired. */
    synchronized void removed(String source, String instance) {
        Entry gone = entries.remove(new Key(source, instance));
        if (gone != null) {
            report(gone.txt().fingerprint());
        }
    }

    synchronized int size() {
        return reported.size();
    }

    private boolean admit(String fingerprint) {
        long instances = entries.values().stream().filter(e -> e.txt().fingerprint().equals(fingerprint)).count();
        if (instances >= MAX_INSTANCES_PER_PEER) {
            overflowLog.warn("peer announces too many instances; ignoring more");
            return false;
        }
        if (instances == 0 && reported.size() >= maxPeers) {
            overflowLog.warn("discovery holds " + maxPeers + " peers; ignoring new ones");
            return false;
        }
        return true;
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

    private DiscoveredPeer merge(String fingerprint) {
        Entry latest = null;
        Set<InetSocketAddress> addresses = new LinkedHashSet<>();
        for (Entry e : entries.values()) {
            if (!e.txt().fingerprint().equals(fingerprint)) {
                continue;
            }
            latest = latest == null || e.seq() > latest.seq() ? e : latest;
            for (InetAddress a : e.addresses()) {
                if (addresses.size() < MAX_ADDRESSES_PER_PEER) {
                    addresses.add(new InetSocketAddress(a, e.port()));
                }
            }
        }
        if (latest == null) {
            return null;
        }
        TxtRecord t = latest.txt();
        return new DiscoveredPeer(fingerprint, t.nickname(), List.copyOf(addresses), t.minVersion(), t.maxVersion(),
                t.networkKeyRequired());
    }
}
