package dev.parley.chat;

import java.time.Instant;

/**
 * One message of a conversation, immutable; a status change is a new instance with the same id.
 * {@code peer} is the fingerprint of the conversation's other side; {@code id} is 32 hex digits
 * (128 random bits).
 */
public record ChatMessage(String id, String peer, boolean outgoing, String author, String text,
                          Instant time, MessageStatus status) {
    public ChatMessage withStatus(MessageStatus s) {
        return new ChatMessage(id, peer, outgoing, author, text, time, s);
    }
}
