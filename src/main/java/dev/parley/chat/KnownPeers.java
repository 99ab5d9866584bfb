package dev.parley.chat;

import dev.parley.identity.KnownPeer;
import dev.parley.identity.TrustStore;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trust decisions of earlier runs and this one, saved to the {@link TrustStore} whole after a
 * change. A decision of the user's ({@link #put}, {@link #remove}) is saved at once; what a peer can make
 * change by itself, its nickname and when it was last seen ({@link #note}), at most once every
 * {@link #MINOR_SAVE_MILLIS} (the next save takes it, or {@link #tick}, or {@link #flush} at shutdown), so
 * a peer renaming itself in a loop costs one write every few seconds, not one per record. At most
 * {@link #MAX_PEERS} peers are remembered: beyond that the one seen longest ago that is neither verified
 * nor ignored is forgotten. Saving (a write and an fsync, milliseconds to tens of them) runs on the {@code saver}
 * executor, so that the engine's lock is not held meanwhile: changes made while a save runs are saved
 * together by the next one, in order, the newest list last. A failed save is reported to {@code failed}
 * on the saving thread; {@link #flush} waits for what is pending. The decisions themselves hold in
 * memory at once. Not thread-safe but for the saving: {@link ChatEngine} guards it with its lock.
 */
final class KnownPeers {
    /** How long {@link #flush} waits for a save under way on the saver. */
    private static final long FLUSH_WAIT_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(KnownPeers.class);
    /** Saves for changes a peer can cause on its own (nickname, last seen) come at most this often. */
    static final long MINOR_SAVE_MILLIS = 10_000;
    /** Peers remembered at most (a peer is remembered only once the user dealt with it). */
    static final int MAX_PEERS = 1_000;

    private final TrustStore store;
    private final Executor saver;
    private final BiConsumer<String, IOException> failed;
    private final Map<String, KnownPeer> byFingerprint = new LinkedHashMap<>();
    /** {@link Sanitizer#nicknameKey} of each one's nickname (a skeleton costs microseconds; claims come per record). */
    private final Map<String, String> keys = new HashMap<>();
    private final LongSupplier millis;
    /** A minor change waits for the next save. */
    private boolean dirty;
    private String dirtyFingerprint;
    private long lastSave = Long.MIN_VALUE;
    /** Guards the two fields below. */
    private final Object saving = new Object();
    /** The newest list not yet handed to the store, and the fingerprint whose change made it. */
    private List<KnownPeer> pending;
    private String pendingFingerprint;
    private boolean saverRunning;

    /** Saves on the caller's thread (tests, tools). */
    KnownPeers(TrustStore store, BiConsumer<String, IOException> failed) {
        this(store, Runnable::run, failed, System::currentTimeMillis);
    }

    KnownPeers(TrustStore store, Executor saver, BiConsumer<String, IOException> failed) {
        this(store, saver, failed, System::currentTimeMillis);
    }

    KnownPeers(TrustStore store, Executor saver, BiConsumer<String, IOException> failed, LongSupplier millis) {
        this.store = store;
        this.saver = saver;
        this.failed = failed;
        this.millis = millis;
    }

    /** Reads the store (file I/O: call holding no lock) and keeps what it holds. */
    List<KnownPeer> load() throws IOException {
        List<KnownPeer> all = store.load();
        byFingerprint.clear();
        keys.clear();
        for (KnownPeer k : all) {
            byFingerprint.put(k.fingerprint(), k); // its key is computed on the first claim: no ICU at start-up
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
                .filter(k -> key.equals(keys.computeIfAbsent(k.fingerprint(), f -> Sanitizer.nicknameKey(k.nickname()))))
                .findFirst();
    }

    int size() {
        return byFingerprint.size();
    }

    /** Adds or replaces one entry, a decision of the user's; the whole list is saved soon after. */
    void put(KnownPeer peer) {
        keep(peer);
        save(peer.fingerprint());
    }

    /**
     * Replaces an entry for a change the peer made on its own (nickname, last seen): saved with the next
     * save, or once {@link #MINOR_SAVE_MILLIS} passed since the last one.
     */
    void note(KnownPeer peer) {
        keep(peer);
        dirty = true;
        dirtyFingerprint = peer.fingerprint();
        tick();
    }

    /** Saves a minor change that waited long enough; the engine calls it now and then. */
    void tick() {
        if (dirty && minorSaveDue()) {
            save(dirtyFingerprint);
        }
    }

    /** Whether a minor change made now would be saved at once. */
    boolean minorSaveDue() {
        return lastSave == Long.MIN_VALUE || millis.getAsLong() - lastSave >= MINOR_SAVE_MILLIS;
    }

    /** Saves a minor change still waiting (before {@link #flush} at shutdown). */
    void saveDirty() {
        if (dirty) {
            save(dirtyFingerprint);
        }
    }

    /** Forgets an entry (the user's {@code /forget}, or a key retired by {@code /trust}); saved at once. */
    void remove(String fingerprint) {
        if (byFingerprint.remove(fingerprint) != null) {
            keys.remove(fingerprint);
            save(fingerprint);
        }
    }

    private void keep(KnownPeer peer) {
        byFingerprint.put(peer.fingerprint(), peer);
        keys.put(peer.fingerprint(), Sanitizer.nicknameKey(peer.nickname()));
        if (byFingerprint.size() > MAX_PEERS) {
            byFingerprint.values().stream()
                    .filter(k -> !k.verified() && !k.ignored() && !k.fingerprint().equals(peer.fingerprint()))
                    .min(Comparator.comparing((KnownPeer k) -> k.lastSeen() == null ? Instant.MIN : k.lastSeen()))
                    .ifPresent(k -> {
                        byFingerprint.remove(k.fingerprint());
                        keys.remove(k.fingerprint());
                        log.info("forgot known peer {} seen longest ago, to stay within {}", k.fingerprint(), MAX_PEERS);
                    });
        }
    }

    private void save(String fingerprint) {
        dirty = false;
        lastSave = millis.getAsLong();
        synchronized (saving) {
            pending = new ArrayList<>(byFingerprint.values());
            pendingFingerprint = fingerprint;
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
