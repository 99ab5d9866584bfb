package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The trust decisions of earlier runs and this one, saved to the {@link TrustStore} whole after every
 * change. Saving (a write and an fsync, milliseconds to tens of them) runs on the {@code saver}
 * executor, so that the engine's lock is not held meanwhile: changes made while a save runs are saved
 * together by the next one, in order, the newest list last. A failed save is reported to {@code failed}
 * on the saving thread; {@link #flush} waits for what is pending. The decisions themselves hold in
 * memory at once. Not thread-safe but for the saving: {@link ChatEngine} guards it with its lock.
 */
final class KnownPeers {
    /** How long {@link #flush} waits for a save under way on the saver. */
    private static final long FLUSH_WAIT_MILLIS = 5_000;

    private final TrustStore store;
    private final Executor saver;
    private final BiConsumer<String, IOException> failed;
    private final Map<String, KnownPeer> byFingerprint = new LinkedHashMap<>();
    /** Guards the two fields below. */
    private final Object saving = new Object();
    /** The newest list not yet handed to the store, and the fingerprint whose change made it. */
    private List<KnownPeer> pending;
    private String pendingFingerprint;
    private boolean saverRunning;

    /** Saves on the caller's thread (tests, tools). */
    KnownPeers(TrustStore store, BiConsumer<String, IOException> failed) {
        this(store, Runnable::run, failed);
    }

    KnownPeers(TrustStore store, Executor saver, BiConsumer<String, IOException> failed) {
        this.store = store;
        this.saver = saver;
        this.failed = failed;
    }

    /** Reads the store (file I/O: call holding no lock) and keeps what it holds. */
    List<KnownPeer> load() throws IOException {
        List<KnownPeer> all = store.load();
        byFingerprint.clear();
        for (KnownPeer k : all) {
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

    /** Adds or replaces one entry; the whole list is saved soon after. */
    void put(KnownPeer peer) {
        byFingerprint.put(peer.fingerprint(), peer);
        synchronized (saving) {
            pending = new ArrayList<>(byFingerprint.values());
            pendingFingerprint = peer.fingerprint();
            if (saverRunning) {
                return; // the running save loop takes it next
            }
            saverRunning = true;
        }
        try {
            saver.execute(this::saveAll);
        } catch (RuntimeException e) { // the saver is shut down: save here
            saveAll();
        }
    }

    /** Saves pending lists until none is left. */
    private void saveAll() {
        while (true) {
            List<KnownPeer> next;
            String fingerprint;
            synchronized (saving) {
                next = pending;
                fingerprint = pendingFingerprint;
                pending = null;
                if (next == null) {
                    saverRunning = false;
                    saving.notifyAll();
                    return;
                }
            }
            try {
                store.save(next);
            } catch (IOException e) {
                failed.accept(fingerprint, e);
            }
        }
    }

    /**
     * Waits until every change so far is saved (at most a few seconds for a save under way); a pending
     * list no saver has taken is saved on the caller's thread. For shutdown.
     */
    void flush() {
        synchronized (saving) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FLUSH_WAIT_MILLIS);
            while (saverRunning) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(saving, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (pending == null) {
                return;
            }
            saverRunning = true;
        }
        saveAll();
    }
}
