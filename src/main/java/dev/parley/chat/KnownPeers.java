package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trust decisions of earlier runs and this one, written through to the {@link TrustStore} whole on
 * every change. Not thread-safe: {@link ChatEngine} guards it with its lock.
 */
final class KnownPeers {
    private final TrustStore store;
    private final Map<String, KnownPeer> byFingerprint = new LinkedHashMap<>();

    KnownPeers(TrustStore store) {
        this.store = store;
    }

    List<KnownPeer> load() throws IOException {
        byFingerprint.clear();
        for (KnownPeer k : store.load()) {
            byFingerprint.put(k.fingerprint(), k);
        }
        return List.copyOf(byFingerprint.values());
    }

    Optional<KnownPeer> get(String fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** A known peer other than {@code fingerprint} whose nickname is {@code nickname} (see {@link Sanitizer#nicknameKey}). */
    Optional<KnownPeer> claimedBy(String nickname, String fingerprint) {
        String key = Sanitizer.nicknameKey(nickname);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        return byFingerprint.values().stream()
                .filter(k -> !k.fingerprint().equals(fingerprint))
                .filter(k -> Sanitizer.nicknameKey(k.nickname()).equals(key))
                .findFirst();
    }

    /** Adds or replaces one entry and saves the whole list. */
    void put(KnownPeer peer) throws IOException {
        byFingerprint.put(peer.fingerprint(), peer);
        store.save(new ArrayList<>(byFingerprint.values()));
    }
}
