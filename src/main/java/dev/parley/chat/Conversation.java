package dev.parley.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages with one peer, in the order they were written (ours) or arrived (theirs), in memory
 * only. Ours and theirs are indexed apart, so a peer cannot touch one of our messages by reusing its
 * id. Holds the newest {@link #MAX_MESSAGES} messages (plus ours still waiting for delivery, which are
 * never dropped), so a peer that talks for days cannot fill the heap. Not thread-safe: {@link ChatEngine}
 * guards it with its lock.
 */
final class Conversation {
    /** Messages kept per peer; older ones leave memory (they were never anywhere else). */
    static final int MAX_MESSAGES = 10_000;
    private List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    void add(ChatMessage m) {
        positions.put(key(m.outgoing(), m.id()), messages.size());
        messages.add(m);
        if (messages.size() > MAX_MESSAGES + MAX_MESSAGES / 10) {
            trim(); // in batches, so adding stays cheap on average
        }
    }

    /** Drops the oldest messages beyond the limit, except ours that are not yet delivered. */
    private void trim() {
        int excess = messages.size() - MAX_MESSAGES;
        List<ChatMessage> kept = new ArrayList<>(MAX_MESSAGES + MAX_MESSAGES / 10);
        for (ChatMessage m : messages) {
            boolean pending = m.outgoing() && (m.status() == MessageStatus.QUEUED || m.status() == MessageStatus.SENT);
            if (excess > 0 && !pending) {
                excess--;
                positions.remove(key(m.outgoing(), m.id()));
            } else {
                positions.put(key(m.outgoing(), m.id()), kept.size());
                kept.add(m);
            }
        }
        messages = kept;
    }

    int size() {
        return messages.size();
    }

    Optional<ChatMessage> outgoing(String id) {
        Integer at = positions.get(key(true, id));
        return at == null ? Optional.empty() : Optional.of(messages.get(at));
    }

    /** Replaces our message {@code id} with the same message at a new status; returns it. */
    ChatMessage setStatus(String id, MessageStatus status) {
        int at = positions.get(key(true, id));
        ChatMessage m = messages.get(at).withStatus(status);
        messages.set(at, m);
        return m;
    }

    List<ChatMessage> snapshot() {
        return List.copyOf(messages);
    }

    private static String key(boolean outgoing, String id) {
        return (outgoing ? "o:" : "i:") + id;
    }
}
