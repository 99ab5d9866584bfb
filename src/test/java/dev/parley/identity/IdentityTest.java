package dev.parley.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.Ed25519;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class IdentityTest {
    /** RFC 8032 §7.1 TEST 2. */
    private static final byte[] SEED = Bytes.unhex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
    private static final byte[] PUBLIC = Bytes.unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

    @Test
    void fromSeedGivesTheRfcPublicKeyAndItsFingerprint() {
        Identity id = Identity.fromSeed(SEED);
        assertArrayEquals(PUBLIC, id.publicKey());
        // python3: base64 of sha256 of the key above, '=' stripped
        assertEquals("SHA256:OfcT0KZEJT8EUpQhufUbmwiXnQgpWVnE85kO5hf1E58", id.fingerprint());
    }

    @Test
    void signsWhatVerifiesUnderItsPublicKey() {
        Identity id = Identity.fromSeed(SEED);
        byte[] sig = id.sign(Bytes.unhex("72"));
        assertArrayEquals(Bytes.unhex("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"), sig);
        assertTrue(Ed25519.verify(id.publicKey(), Bytes.unhex("72"), sig));
    }

    @Test
    void publicKeyIsACopy() {
        Identity id = Identity.fromSeed(SEED);
        id.publicKey()[0] ^= 1;
        assertArrayEquals(PUBLIC, id.publicKey());
    }

    @Test
    void toStringShowsTheFingerprintAndNoSecret() {
        Identity id = Identity.fromSeed(SEED);
        assertEquals("Identity[" + id.fingerprint() + "]", id.toString());
        assertFalse(id.toString().contains(Base64.getEncoder().encodeToString(SEED)));
    }

    @Test
    void generatedIdentitiesDiffer() {
        SecureRandom random = new SecureRandom();
        assertNotEquals(Identity.generate(random).fingerprint(), Identity.generate(random).fingerprint());
    }
}
