package dev.parley.handshake;

import dev.parley.crypto.Hkdf;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The M1s a responder has accepted, so that the same M1 a second time is refused before any public-key
 * work (docs/PROTOCOL.md 5.3, step 3). An M1 carries no time, so a replayed one is recognised only by
 * memory; this memory is bounded by count, not by time: it holds the {@code generation} M1s most
 * recently seen for sure, and never more than twice that. Only M1s whose network-key MAC checked are
 * offered to it, so with a network key a stranger can neither add an entry nor push one out; it can only
 * replay M1s that members sent.
 *
 * <p>Each M1 is kept as an 8-byte tag: the start of an HMAC of its MAC under a key drawn when the cache
 * is made, so that nobody can choose tags that collide in the table. Two generations of open-addressed
 * tables, at most half full: the current one takes new tags; when it holds {@code generation} of them it
 * becomes the previous one and the old previous one is forgotten. A tag seen again in the previous
 * generation is added to the current one too, so an M1 that keeps being replayed stays refused. Memory: two
 * tables of 2 x {@code generation} longs (1 MiB at the default), made once.
 *
 * <p>Thread-safe: one cache serves every handshake of a process; its lock guards the tables only and is
 * never held while hashing.
 */
public final class ReplayCache {
    /** M1s remembered for sure at the default (both generations' tables take 1 MiB). */
    public static final int DEFAULT_GENERATION = 32_768;

    private final int generation;
    private final int mask;
    private final byte[] key = new byte[32];
    private long[] current;
    private long[] previous;
    private int currentCount;
    private int previousCount;

    public ReplayCache(SecureRandom random) {
        this(DEFAULT_GENERATION, random);
    }

    /** @param generation how many M1s are remembered for sure; at most twice as many are held */
    public ReplayCache(int generation, SecureRandom random) {
        if (generation < 1 || generation > 1 << 24) {
            throw new IllegalArgumentException("generation " + generation);
        }
        this.generation = generation;
        int slots = Integer.highestOneBit(2 * generation - 1) << 1; // the power of two at or above 2 x generation: at most half full
        this.mask = slots - 1;
        this.current = new long[slots];
        this.previous = new long[slots];
        random.nextBytes(key);
    }

    /**
     * Records the MAC of an M1 that passed the network-key check: true the first time, false when it was
     * seen before (the M1 is a replay and must be refused).
     */
    public boolean firstSight(byte[] m1Mac) {
        long tag = tag(m1Mac);
        synchronized (this) {
            if (contains(current, tag)) {
                return false;
            }
            boolean seen = contains(previous, tag);
            add(tag);
            return !seen;
        }
    }

    /** Tags held in both generations (an M1 refreshed from the previous one counts twice); at most 2 x generation. */
    public synchronized int size() {
        return currentCount + previousCount;
    }

    private long tag(byte[] mac) {
        byte[] d = Hkdf.hmac(key, mac);
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = t << 8 | (d[i] & 0xff);
        }
        return t == 0 ? 1 : t; // 0 marks an empty slot
    }

    private boolean contains(long[] table, long tag) {
        for (int i = (int) tag & mask; ; i = (i + 1) & mask) {
            if (table[i] == tag) {
                return true;
            }
            if (table[i] == 0) {
                return false;
            }
        }
    }

    private void add(long tag) {
        if (currentCount == generation) {
            long[] forgotten = previous;
            previous = current;
            previousCount = currentCount;
            Arrays.fill(forgotten, 0);
            current = forgotten;
            currentCount = 0;
        }
        int i = (int) tag & mask;
        while (current[i] != 0) {
            i = (i + 1) & mask;
        }
        current[i] = tag;
        currentCount++;
    }
}
