package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A trust store in memory; counts saves and can be made to fail. Thread-safe. */
final class MemoryTrustStore implements TrustStore {
    private List<KnownPeer> peers = new ArrayList<>();
    private int saves;
    private boolean failing;
    private Runnable beforeSave = () -> { };

    MemoryTrustStore(KnownPeer... initial) {
        peers.addAll(List.of(initial));
    }

    @Override
    public synchronized List<KnownPeer> load() {
        return List.copyOf(peers);
    }

    @Override
    public synchronized void save(List<KnownPeer> all) throws IOException {
        beforeSave.run();
        if (failing) {
            throw new IOException("disk full");
        }
        peers = new ArrayList<>(all);
        saves++;
    }

    synchronized Optional<KnownPeer> get(String fingerprint) {
        return peers.stream().filter(k -> k.fingerprint().equals(fingerprint)).findFirst();
    }

    /** Runs {@code r} at the start of every save, on the saving thread. */
    synchronized void beforeSave(Runnable r) {
        beforeSave = r;
    }

    synchronized int saves() {
        return saves;
    }

    synchronized void failing(boolean f) {
        failing = f;
    }
}
