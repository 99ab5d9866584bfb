package dev.parley.chat;

import java.util.LinkedHashSet;

/**
 * The ids of the last messages received from one peer, to drop duplicates (a message resent after a
 * session died before its ACK). Bounded: the oldest id is forgotten first. Not thread-safe.
 */
final class RecentIds {
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    /** True if {@code id} is new (and now remembered); false for a duplicate. */
    boolean add(String id) {
        if (!ids.add(id)) {
            return false;
        }
        if (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
        return true;
    }
}
