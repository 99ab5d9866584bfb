package dev.parley.chat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The messages with one peer, in the order they were written (ours) or arrived (theirs), in memory
 * only. Ours and theirs are indexed apart, so a peer cannot touch one of our messages by reusing its
 * id. Bounded: at most {@link #MAX_MESSAGES} messages and {@link #MAX_BYTES} estimated heap bytes, and
 * the engine's {@link History} bounds all conversations together; beyond that the oldest leave memory
 * (they were never anywhere else) and {@link #dropped} counts them, so front ends can say so. Ours still
 * waiting for delivery are never dropped (the outbox bounds them). Not thread-safe: {@link ChatEngine}
 * guards it with its lock.
 */
final class Conversation {
    static final int MAX_MESSAGES = 2_000;
    static final long MAX_BYTES = 4L << 20;

    private final History history;
    private final LinkedHashMap<Key, ChatMessage> messages = new LinkedHashMap<>();
    private long bytes;
    private long dropped;
    /** Ours still queued or sent: never dropped, so not counted against the bound on messages. */
    private int pending;

    Conversation(History history) {
        this.history = history;
    }

    /** Heap bytes a message costs, estimated: its text at two bytes a character (UTF-16), plus the rest. */
    static long cost(ChatMessage m) {
        return 2L * m.text().length() + 256;
    }

    void add(ChatMessage m) {
        messages.put(key(m.outgoing(), m.id()), m);
        count(m, 1);
        if (messages.size() - pending > MAX_MESSAGES + MAX_MESSAGES / 10 || bytes > MAX_BYTES) {
            trimTo(MAX_MESSAGES, MAX_BYTES * 9 / 10); // in batches, so adding stays cheap on average
        }
    }

    /**
     * Counts a message in ({@code sign} 1) or out (-1): ours pending apart, the rest in {@link #bytes}
     * and the shared {@link History}, since only those can leave memory.
     */
    private void count(ChatMessage m, int sign) {
        if (isPending(m)) {
            pending += sign;
        } else {
            long c = sign * cost(m);
            bytes += c;
            history.added(c);
        }
    }

    private static boolean isPending(ChatMessage m) {
        return m.outgoing() && (m.status() == MessageStatus.QUEUED || m.status() == MessageStatus.SENT);
    }

    /**
     * Drops the oldest messages until at most {@code count} besides ours pending, and {@code maxBytes}
     * in all, are left; ours pending stay.
     */
    void trimTo(int count, long maxBytes) {
        Iterator<ChatMessage> it = messages.values().iterator();
        while ((messages.size() - pending > count || bytes > maxBytes) && it.hasNext()) {
            ChatMessage m = it.next();
            if (!isPending(m)) {
                it.remove();
                count(m, -1);
                dropped++;
            }
        }
    }

    int size() {
        return messages.size();
    }

    /** Estimated heap bytes of the messages that may leave memory (all but ours pending). */
    long bytes() {
        return bytes;
    }

    /** How many messages left memory to keep within the bounds. */
    long dropped() {
        return dropped;
    }

    Optional<ChatMessage> outgoing(String id) {
        return Optional.ofNullable(messages.get(key(true, id)));
    }

    /** Replaces our message {@code id} with the same message at a new status; returns it (null if gone). */
    ChatMessage setStatus(String id, MessageStatus status) {
        Key key = key(true, id);
        ChatMessage m = messages.get(key);
        if (m == null) {
            return null;
        }
        ChatMessage updated = m.withStatus(status);
        messages.put(key, updated); // keeps its place
        count(m, -1);
        count(updated, 1);
        return updated;
    }

    List<ChatMessage> snapshot() {
        return List.copyOf(messages.values());
    }

    /**
     * Takes every message of {@code other}, the conversation with a key retired for this one, addressed to
     * {@code peer} now, merged with ours in time order; {@code other} is left empty. A message whose id
     * is here already (either side's) is not taken twice.
     */
    void absorb(Conversation other, String peer) {
        List<ChatMessage> all = new ArrayList<>();
        for (ChatMessage m : other.messages.values()) {
            all.add(m.peer().equals(peer) ? m
                    : new ChatMessage(m.id(), peer, m.outgoing(), m.author(), m.text(), m.time(), m.status()));
        }
        all.addAll(messages.values());
        all.sort(Comparator.comparing(ChatMessage::time)); // stable: equal times keep their order
        long otherDropped = other.dropped;
        other.discard();
        other.dropped = 0;
        history.removed(bytes);
        bytes = 0;
        pending = 0;
        messages.clear();
        for (ChatMessage m : all) {
            if (!messages.containsKey(key(m.outgoing(), m.id()))) {
                add(m);
            }
        }
        dropped += otherDropped;
    }

    /** All of it leaves memory (the peer is forgotten). */
    void discard() {
        history.removed(bytes);
        dropped += messages.size();
        bytes = 0;
        pending = 0;
        messages.clear();
    }

    /**
     * A message's place: ours and theirs apart, so that one id names two messages. Written out: a
     * record's generated equals goes through a method handle, which cost more than the rest of a lookup.
     */
    private record Key(boolean outgoing, String id) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.outgoing == outgoing && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode() * 31 + (outgoing ? 1 : 0);
        }
    }

    private static Key key(boolean outgoing, String id) {
        return new Key(outgoing, id);
    }
}
