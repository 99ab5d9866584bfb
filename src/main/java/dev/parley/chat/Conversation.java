package dev.parley.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The messages with one peer, in the order they were written (ours) or arrived (theirs), in memory
 * only. Ours and theirs are indexed apart, so a peer cannot touch one of our messages by reusing its
 * id. Not thread-safe: {@link ChatEngine} guards it with its lock.
 */
final class Conversation {
    private final List<ChatMessage> messages = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();

    void add(ChatMessage m) {
        positions.put(key(m.outgoing(), m.id()), messages.size());
        messages.add(m);
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
