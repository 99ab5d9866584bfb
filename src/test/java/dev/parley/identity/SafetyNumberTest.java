package dev.parley.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.crypto.Bytes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SafetyNumberTest {
    /**
     * libsignal-protocol-java, NumericFingerprintGeneratorTest: ALICE_IDENTITY and BOB_IDENTITY (the
     * serialized Curve25519 keys, with their 0x05 type byte), the stable ids, and
     * DISPLAYABLE_FINGERPRINT_V1 for 5200 iterations.
     */
    private static final byte[] ALICE_IDENTITY =
            Bytes.unhex("05 06863bc66d02b40d27b8d49ca7c09e9239236f9d7d25d6fcca5ce13c7064d868");
    private static final byte[] BOB_IDENTITY =
            Bytes.unhex("05 f781b6fb32fed9ba1cf2de978d4d5da28dc34046ae814402b5c0dbd96fda907b");
    private static final byte[] ALICE_STABLE_ID = "+14152222222".getBytes(StandardCharsets.UTF_8);
    private static final byte[] BOB_STABLE_ID = "+14153333333".getBytes(StandardCharsets.UTF_8);
    private static final String DISPLAYABLE_FINGERPRINT_V1 =
            "300354477692869396892869876765458257569162576843440918079131";

    /** RFC 8032 §7.1 TEST 1 and TEST 2 public keys. */
    private static final byte[] KEY_1 = Bytes.unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] KEY_2 = Bytes.unhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");

    @Test
    void reproducesLibsignalsPublishedVector() {
        assertEquals(DISPLAYABLE_FINGERPRINT_V1, SafetyNumber.compute(5200,
                ALICE_IDENTITY, ALICE_STABLE_ID, BOB_IDENTITY, BOB_STABLE_ID));
    }

    @Test
    void bothSidesComputeTheSameNumber() {
        assertEquals(DISPLAYABLE_FINGERPRINT_V1, SafetyNumber.compute(5200,
                BOB_IDENTITY, BOB_STABLE_ID, ALICE_IDENTITY, ALICE_STABLE_ID));
    }

    @Test
    void anotherKeyOrIdOrIterationCountGivesAnotherNumber() {
        byte[] mallory = ALICE_IDENTITY.clone();
        mallory[32] ^= 1;
        assertNotEquals(DISPLAYABLE_FINGERPRINT_V1,
                SafetyNumber.compute(5200, mallory, ALICE_STABLE_ID, BOB_IDENTITY, BOB_STABLE_ID));
        assertNotEquals(DISPLAYABLE_FINGERPRINT_V1, SafetyNumber.compute(5200,
                ALICE_IDENTITY, "+14152222223".getBytes(StandardCharsets.UTF_8), BOB_IDENTITY, BOB_STABLE_ID));
        assertNotEquals(DISPLAYABLE_FINGERPRINT_V1,
                SafetyNumber.compute(5199, ALICE_IDENTITY, ALICE_STABLE_ID, BOB_IDENTITY, BOB_STABLE_ID));
    }

    /**
     * Parley's number for two RFC 8032 keys, computed independently in Python (hashlib: the same
     * recipe with the fingerprints as stable ids, then grouped by five).
     */
    @Test
    void parleysNumberKnownAnswer() {
        assertEquals("49276 58373 77362 67110 45764 14675 79493 40028 39651 91940 42710 50961",
                SafetyNumber.of(KEY_1, KEY_2));
    }

    @Test
    void parleysNumberIsSymmetricAndTwelveGroupsOfFive() {
        SecureRandom random = new SecureRandom();
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        random.nextBytes(a);
        random.nextBytes(b);
        String number = SafetyNumber.of(a, b);
        assertEquals(number, SafetyNumber.of(b, a));
        assertTrue(number.matches("\\d{5}( \\d{5}){11}"), number);
    }

    @Test
    void parleysNumberTakesRaw32ByteKeysOnly() {
        assertThrows(IllegalArgumentException.class, () -> SafetyNumber.of(ALICE_IDENTITY, KEY_2));
        assertThrows(IllegalArgumentException.class, () -> SafetyNumber.of(KEY_1, new byte[31]));
    }

    @Test
    void parleysNumberIsLibsignalsWithFingerprintsAsStableIds() {
        String expected = SafetyNumber.compute(SafetyNumber.ITERATIONS,
                KEY_1, "SHA256:If4x36FUomFia/hUBG/SJxt77UtqvkWqWId+9H+XIbk".getBytes(StandardCharsets.US_ASCII),
                KEY_2, "SHA256:OfcT0KZEJT8EUpQhufUbmwiXnQgpWVnE85kO5hf1E58".getBytes(StandardCharsets.US_ASCII));
        assertEquals(expected, SafetyNumber.of(KEY_1, KEY_2).replace(" ", ""));
    }
}
