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
        Conversation c = new Conversation();
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
    }
}
