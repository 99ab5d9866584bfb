package dev.parley.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The bound on all conversations of one engine together: at most {@link #DEFAULT_BYTES} estimated heap
 * bytes, however many peers talk (identities are free to make). When over, the largest conversations
 * lose their oldest messages first, so the peer that sends most is the one whose history shrinks. Not
 * thread-safe: {@link ChatEngine} guards it with its lock.
 */
final class History {
    static final long DEFAULT_BYTES = 32L << 20;

    private final long limit;
    private long used;

    History(long limit) {
        this.limit = limit;
    }

    void added(long bytes) {
        used += bytes;
    }

    void removed(long bytes) {
        used -= bytes;
    }

    boolean over() {
        return used > limit;
    }

    long used() {
        return used;
    }

    /** Brings the total to nine tenths of the limit, taking from the largest conversations first. */
    void trim(List<Conversation> all) {
        long target = limit * 9 / 10;
        List<Conversation> largestFirst = new ArrayList<>(all);
        largestFirst.sort(Comparator.comparingLong(Conversation::bytes).reversed());
        for (Conversation c : largestFirst) {
            if (used <= target) {
                return;
            }
            long excess = used - target;
            c.trimTo(Integer.MAX_VALUE, Math.max(0, c.bytes() - excess));
        }
    }
}
