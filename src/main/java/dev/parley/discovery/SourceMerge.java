package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One view of the peers that several discovery sources (mDNS, unicast DNS-SD) see: per fingerprint, the
 * union of the addresses every source gives (the earlier sources' first, at most
 * {@link PeerTable#MAX_ADDRESSES_PER_PEER}), the nickname and versions of the source that spoke last; lost
 * only when no source sees the peer any more. Each method returns the event to pass on, or null when the
 * merged view did not change. Not thread-safe: {@link Discoveries} calls it under its lock.
 */
final class SourceMerge {
    /** What to pass on: a peer found or changed ({@code peer} set), or lost ({@code peer} null). */
    record Change(String fingerprint, DiscoveredPeer peer) {}

    private final List<String> sources;
    /** fingerprint -> source -> what that source sees; insertion order is the order sources spoke. */
    private final Map<String, Map<String, DiscoveredPeer>> seen = new LinkedHashMap<>();
    private final Map<String, DiscoveredPeer> reported = new LinkedHashMap<>();

    /** @param sources the source names, in order of preference for addresses */
    SourceMerge(List<String> sources) {
        this.sources = List.copyOf(sources);
    }

    Change found(String source, DiscoveredPeer peer) {
        Map<String, DiscoveredPeer> bySource = seen.computeIfAbsent(peer.fingerprint(), k -> new LinkedHashMap<>());
        bySource.remove(source); // re-inserted last: the latest speaker's nickname wins
        bySource.put(source, peer);
        return report(peer.fingerprint());
    }

    Change lost(String source, String fingerprint) {
        Map<String, DiscoveredPeer> bySource = seen.get(fingerprint);
        if (bySource == null || bySource.remove(source) == null) {
            return null;
        }
        if (bySource.isEmpty()) {
            seen.remove(fingerprint);
        }
        return report(fingerprint);
    }

    /** How many peers {@code source} sees now. */
    int count(String source) {
        int n = 0;
        for (Map<String, DiscoveredPeer> bySource : seen.values()) {
            n += bySource.containsKey(source) ? 1 : 0;
        }
        return n;
    }

    int size() {
        return reported.size();
    }

    private Change report(String fingerprint) {
        DiscoveredPeer merged = merge(seen.get(fingerprint));
        if (merged == null) {
            return reported.remove(fingerprint) != null ? new Change(fingerprint, null) : null;
        }
        return Objects.equals(reported.put(fingerprint, merged), merged) ? null : new Change(fingerprint, merged);
    }

    private DiscoveredPeer merge(Map<String, DiscoveredPeer> bySource) {
        if (bySource == null || bySource.isEmpty()) {
            return null;
        }
        DiscoveredPeer latest = null;
        for (DiscoveredPeer p : bySource.values()) {
            latest = p;
        }
        Set<InetSocketAddress> addresses = new LinkedHashSet<>();
        for (String source : sources) {
            DiscoveredPeer p = bySource.get(source);
            if (p != null) {
                for (InetSocketAddress a : p.addresses()) {
                    if (addresses.size() < PeerTable.MAX_ADDRESSES_PER_PEER) {
                        addresses.add(a);
                    }
                }
            }
        }
        return new DiscoveredPeer(latest.fingerprint(), latest.nickname(), List.copyOf(addresses), latest.minVersion(),
                latest.maxVersion(), latest.networkKeyRequired());
    }
}
