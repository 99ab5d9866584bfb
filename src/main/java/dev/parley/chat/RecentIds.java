package dev.parley.chat;

import java.util.HexFormat;
import java.util.LinkedHashSet;

/**
 * The ids of the last messages received from one peer, to drop duplicates. Bounded: the oldest id is
 * forgotten first. A well-formed id (32 hex digits) is kept as two longs, a sixth of its size as a
 * string. Not thread-safe.
 */
final class RecentIds {
    private record Id(long high, long low) {}

    private final int capacity;
    private final LinkedHashSet<Object> ids = new LinkedHashSet<>();

    RecentIds(int capacity) {
        this.capacity = capacity;
    }

    /** True if {@code id} is new (and now remembered); false for a duplicate. */
    boolean add(String id) {
        if (!ids.add(compact(id))) {
            return false;
        }
        if (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
        return true;
    }

    int size() {
        return ids.size();
    }

    private static Object compact(String id) {
        if (id.length() != 32) {
            return id;
        }
        try {
            return new Id(HexFormat.fromHexDigitsToLong(id, 0, 16), HexFormat.fromHexDigitsToLong(id, 16, 32));
        } catch (IllegalArgumentException e) {
            return id;
        }
    }
}
