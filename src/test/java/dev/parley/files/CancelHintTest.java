package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatException;
import java.security.SecureRandom;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** {@code /cancel 42} with no transfer 42 says how to name a peer called 42 (the /cancel rule, issue 15). */
class CancelHintTest {
    private final FileEngine files = new FileEngine(null, null, Runnable::run, null, Clock.systemUTC(),
            new SecureRandom(), FileEngine.Settings.defaults(null, false));

    @Test
    void digitsForNoTransferHintAtTheFingerprint() {
        ChatException e = assertThrows(ChatException.class, () -> files.cancel("42"));
        assertEquals("unknown-transfer", e.code());
        assertTrue(e.getMessage().contains("to give up the messages to a peer called 42, name it by its fingerprint"),
                e.getMessage());
        ChatException hex = assertThrows(ChatException.class, () -> files.cancel("0123456789abcdef0123456789abcdef"));
        assertFalse(hex.getMessage().contains("peer called"), "a full id is no peer's name: " + hex.getMessage());
        ChatException other = assertThrows(ChatException.class, () -> files.pause("42"));
        assertFalse(other.getMessage().contains("peer called"), "only /cancel means two things: " + other.getMessage());
    }
}
