package dev.parley.tui;

import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's copy of the peer list, fed by {@code peerChanged} and {@code peerRemoved} events: online peers first, then by nickname
 * (case-insensitive), then fingerprint. UI thread only; not thread-safe.
 */
final class PeerDirectory {
    static final Comparator<PeerInfo> ORDER = Comparator
            .comparing((PeerInfo p) -> p.state() != PeerState.ONLINE)
            .thenComparing(p -> nick(p).toLowerCase(Locale.ROOT))
            .thenComparing(PeerInfo::fingerprint);

    private final Map<String, PeerInfo> byFingerprint = new HashMap<>();
    private List<PeerInfo> sorted = List.of();
    private boolean stale;

    /** Stores a snapshot; returns the one it replaces, if any. */
    Optional<PeerInfo> put(PeerInfo peer) {
        stale = true;
        return Optional.ofNullable(byFingerprint.put(peer.fingerprint(), peer));
    }

    /** Drops a peer; returns it, if it was there. */
    Optional<PeerInfo> remove(String fingerprint) {
        stale = true;
        return Optional.ofNullable(byFingerprint.remove(fingerprint));
    }

    Optional<PeerInfo> get(String fingerprint) {
        return Optional.ofNullable(fingerprint == null ? null : byFingerprint.get(fingerprint));
    }

    List<PeerInfo> sorted() {
        if (stale) {
            List<PeerInfo> s = new ArrayList<>(byFingerprint.values());
            s.sort(ORDER);
            sorted = List.copyOf(s);
            stale = false;
        }
        return sorted;
    }

    int indexOf(String fingerprint) {
        List<PeerInfo> s = sorted();
        for (int i = 0; i < s.size(); i++) {
            if (s.get(i).fingerprint().equals(fingerprint)) {
                return i;
            }
        }
        return -1;
    }

    /** True when another peer uses the same nickname, so the short fingerprint must be shown. */
    boolean nickShared(PeerInfo peer) {
        for (PeerInfo other : byFingerprint.values()) {
            if (!other.fingerprint().equals(peer.fingerprint()) && nick(other).equalsIgnoreCase(nick(peer))) {
                return true;
            }
        }
        return false;
    }

    int onlineCount() {
        int n = 0;
        for (PeerInfo p : byFingerprint.values()) {
            if (p.state() == PeerState.ONLINE) {
                n++;
            }
        }
        return n;
    }

    /** A nickname to show: never null or blank. */
    static String nick(PeerInfo p) {
        return p.nickname() == null || p.nickname().isBlank() ? p.shortFingerprint() : p.nickname();
    }
}
