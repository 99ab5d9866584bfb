package dev.parley.chat;

import java.util.HashMap;
import java.util.Map;

/**
 * What one peer has sent us, for acknowledging it: the ids of recent messages, to drop duplicates (a
 * message resent after a session died before its ACK), and the messages the front end has not yet
 * handed to the user. A message is acknowledged only once handed over, so the sender's window (see
 * {@link Outbox}) stops an honest sender when the user is not reading; a peer with {@link #MAX_UNHANDED}
 * messages or {@link #MAX_UNHANDED_BYTES} of text waiting is read no further ({@link #full}), which stops
 * a dishonest one. Not thread-safe: {@link ChatEngine} guards it with its lock.
 */
final class Inbox {
    /** Twice the sender's window: an honest sender never fills it. */
    static final int MAX_UNHANDED = 2 * Outbox.WINDOW;
    /** Estimated heap bytes ({@link Conversation#cost}) waiting for the front end, at most (then reading stops). */
    static final long MAX_UNHANDED_BYTES = 4L << 20;
    /**
     * Received ids remembered: more than a sender can have unacknowledged (its window) plus what waits
     * here, so a resent message is always recognised.
     */
    static final int RECENT_IDS = 4 * Outbox.WINDOW + MAX_UNHANDED;

    /** What {@link #arrived} makes of a message. */
    enum Arrival {
        /** New: show it. */
        FRESH,
        /** Seen and handed over already: acknowledge it again, show nothing. */
        DUPLICATE,
        /** Seen, still waiting for the front end: its acknowledgement comes when it is handed over. */
        DUPLICATE_WAITING
    }

    private final RecentIds recent = new RecentIds(RECENT_IDS);
    private final Map<String, Long> unhanded = new HashMap<>();
    private long unhandedBytes;

    /** Records message {@code id}; {@code waits}: it is acknowledged only when handed over. */
    Arrival arrived(String id, long bytes, boolean waits) {
        if (!recent.add(id)) {
            return unhanded.containsKey(id) ? Arrival.DUPLICATE_WAITING : Arrival.DUPLICATE;
        }
        if (waits) {
            unhanded.put(id, bytes);
            unhandedBytes += bytes;
        }
        return Arrival.FRESH;
    }

    /** The front end handed message {@code id} to the user; false if it was not waiting. */
    boolean handedOver(String id) {
        Long bytes = unhanded.remove(id);
        if (bytes == null) {
            return false;
        }
        unhandedBytes -= bytes;
        return true;
    }

    /** Too much waits for the front end: read no more from this peer until it takes some. */
    boolean full() {
        return unhanded.size() >= MAX_UNHANDED || unhandedBytes >= MAX_UNHANDED_BYTES;
    }
}
