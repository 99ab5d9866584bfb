package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {
    private static ChatMessage in(int n) {
        return new ChatMessage(String.format("%032x", n), "peer", false, "bob", "m" + n, Instant.EPOCH,
                MessageStatus.DELIVERED);
    }

    @Test
    void aLongConversationKeepsOnlyTheNewestMessagesButNeverOursStillPending() {
        Conversation c = new Conversation(new History(Long.MAX_VALUE));
        ChatMessage pending = new ChatMessage(String.format("%032x", -1), "peer", true, "me", "waiting",
                Instant.EPOCH, MessageStatus.SENT);
        c.add(pending);
        int total = 5 * Conversation.MAX_MESSAGES;
        for (int i = 0; i < total; i++) {
            c.add(in(i));
        }
        assertTrue(c.size() <= Conversation.MAX_MESSAGES + Conversation.MAX_MESSAGES / 10 + 1, "size " + c.size());
        List<ChatMessage> kept = c.snapshot();
        assertEquals(pending, kept.get(0), "our undelivered message stays, first");
        assertEquals(in(total - 1), kept.get(kept.size() - 1));
        for (int i = 2; i < kept.size(); i++) {
            assertEquals(Integer.parseInt(kept.get(i - 1).text().substring(1)) + 1,
                    Integer.parseInt(kept.get(i).text().substring(1)), "the newest, in order, without gaps");
        }
        assertEquals(MessageStatus.DELIVERED, c.setStatus(pending.id(), MessageStatus.DELIVERED).status(),
                "its status can still change after a trim");
        assertEquals(total + 1 - c.size(), c.dropped(), "what left memory is counted, for the marker");
    }

    @Test
    void largeMessagesAreBoundedInBytesNotOnlyInCount() {
        History all = new History(Long.MAX_VALUE);
        Conversation c = new Conversation(all);
        String big = "é".repeat(16_000); // one non-Latin-1 character: a UTF-16 string of 32 KB
        for (int i = 0; i < 1_000; i++) {
            c.add(new ChatMessage(String.format("%032x", i), "peer", false, "bob", big + i, Instant.EPOCH,
                    MessageStatus.DELIVERED));
        }
        assertTrue(c.bytes() <= Conversation.MAX_BYTES, "bytes " + c.bytes());
        assertTrue(c.size() < 200, "a 32 KB message costs its size: " + c.size() + " kept");
        assertEquals(c.bytes(), all.used(), "the shared bound sees the same bytes");
        assertEquals(1_000 - c.size(), c.dropped());
    }

    @Test
    void theSharedBoundTakesFromTheLargestConversationsFirst() {
        History all = new History(1L << 20);
        Conversation flooder = new Conversation(all);
        Conversation friend = new Conversation(all);
        friend.add(in(-2));
        for (int i = 0; i < 10_000; i++) {
            flooder.add(new ChatMessage(String.format("%032x", i), "f", false, "f", "x".repeat(500), Instant.EPOCH,
                    MessageStatus.DELIVERED));
            if (all.over()) {
                all.trim(List.of(flooder, friend));
            }
        }
        assertTrue(all.used() <= 1L << 20, "used " + all.used());
        assertEquals(1, friend.size(), "the quiet conversation keeps its message");
        assertTrue(flooder.dropped() > 0);
    }
}
