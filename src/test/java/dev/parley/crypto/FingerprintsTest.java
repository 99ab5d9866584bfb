package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class FingerprintsTest {
    /** RFC 8032 TEST 1's public key. */
    private static final byte[] KEY = Bytes.unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    /**
     * Known answer computed outside Java:
     * {@code printf d75a...511a | xxd -r -p | openssl dgst -sha256 -binary | base64 | tr -d =}.
     */
    @Test
    void knownAnswer() {
        assertEquals("SHA256:If4x36FUomFia/hUBG/SJxt77UtqvkWqWId+9H+XIbk", Fingerprints.of(KEY));
    }

    @Test
    void isPrefixPlus43Characters() {
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            String f = Fingerprints.of(key);
            assertEquals(7 + 43, f.length());
            assertTrue(f.startsWith("SHA256:"));
            assertTrue(Fingerprints.isWellFormed(f), f);
        }
    }

    @Test
    void wellFormedRejectsLookalikes() {
        String good = Fingerprints.of(KEY);
        assertTrue(Fingerprints.isWellFormed(good));
        assertFalse(Fingerprints.isWellFormed(null));
        assertFalse(Fingerprints.isWellFormed(good.substring(0, good.length() - 1)));
        assertFalse(Fingerprints.isWellFormed(good + "A"));
        assertFalse(Fingerprints.isWellFormed("sha256:" + good.substring(7)));
        assertFalse(Fingerprints.isWellFormed("SHA256:" + "!".repeat(43)));
        assertFalse(Fingerprints.isWellFormed("MD5:" + good.substring(4)));
    }
}
