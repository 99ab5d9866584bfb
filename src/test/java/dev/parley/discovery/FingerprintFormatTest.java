package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class FingerprintFormatTest {
    @Test
    void acceptsWhatTheCryptoPackageProducesAndShortensIt() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(new byte[32]);
        String fp = "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        assertTrue(FingerprintFormat.isWellFormed(fp));
        assertEquals(fp.substring(7, 15), FingerprintFormat.shortForm(fp));
    }

    @Test
    void agreesWithTheCryptoPackage() throws Exception {
        for (int i = 0; i < 50; i++) {
            byte[] key = new byte[32];
            key[0] = (byte) i;
            String fp = dev.parley.crypto.Fingerprints.of(key);
            assertTrue(FingerprintFormat.isWellFormed(fp), fp);
            assertEquals(dev.parley.crypto.Fingerprints.isWellFormed(fp + "x"), FingerprintFormat.isWellFormed(fp + "x"));
        }
        assertFalse(FingerprintFormat.isWellFormed("SHA256:" + "=".repeat(43)));
    }
}
