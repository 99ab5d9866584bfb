package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventJsonTest {
    @Test
    void theDirectStatusLineIsTheTreesTextAndOddValuesGoThroughTheTree() {
        for (MessageStatus s : MessageStatus.values()) {
            for (String peer : new String[] {"SHA256:ab+/cd=", "SHA256:\"quoted\"\\", "SHA256:<html>&", null}) {
                ChatMessage m = new ChatMessage("0123456789abcdef0123456789abcdef", peer, true, "me", "hi",
                        Instant.EPOCH, s);
                assertEquals(EventJson.statusTree(m), EventJson.status(m), peer + " " + s);
            }
        }
    }
}
