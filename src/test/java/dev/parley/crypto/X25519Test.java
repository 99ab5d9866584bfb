package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 7748 §6.1 (the Diffie-Hellman example), through the calls the handshake makes. */
class X25519Test {
    private static final byte[] ALICE_PRIVATE =
            Bytes.unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private static final byte[] ALICE_PUBLIC =
            Bytes.unhex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    private static final byte[] BOB_PRIVATE =
            Bytes.unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    private static final byte[] BOB_PUBLIC =
            Bytes.unhex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    private static final byte[] SHARED =
            Bytes.unhex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    @Test
    void privateKeysGiveTheRfcPublicKeys() {
        assertArrayEquals(ALICE_PUBLIC, X25519.rawPublic(X25519.fromPrivate(ALICE_PRIVATE).getPublic()));
        assertArrayEquals(BOB_PUBLIC, X25519.rawPublic(X25519.fromPrivate(BOB_PRIVATE).getPublic()));
    }

    @Test
    void bothSidesAgreeOnTheRfcSharedSecret() throws GeneralSecurityException {
        KeyPair alice = X25519.fromPrivate(ALICE_PRIVATE);
        KeyPair bob = X25519.fromPrivate(BOB_PRIVATE);
        assertArrayEquals(SHARED, X25519.agree(alice.getPrivate(), BOB_PUBLIC));
        assertArrayEquals(SHARED, X25519.agree(bob.getPrivate(), ALICE_PUBLIC));
    }

    @Test
    void publicKeyRoundTripsThroughRawBytes() {
        byte[] raw = X25519.rawPublic(X25519.generate(new SecureRandom()).getPublic());
        assertEquals(X25519.KEY_LEN, raw.length);
        assertArrayEquals(raw, X25519.rawPublic(X25519.publicFromRaw(raw)));
    }

    /**
     * Points of small order make the shared secret all zeros, which would let an attacker fix the
     * key; RFC 7748 §6.1 says to check for that, and the JDK refuses it. Points: 0 and 1 (orders 4
     * and 1 on the twist/curve) and a point of order 8 (from the libsodium/Bernstein blocklist).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    })
    void agreeingWithASmallOrderPointFails(String point) {
        KeyPair alice = X25519.fromPrivate(ALICE_PRIVATE);
        assertThrows(GeneralSecurityException.class, () -> X25519.agree(alice.getPrivate(), Bytes.unhex(point)));
    }

    @Test
    void freshKeyPairsAgree() throws GeneralSecurityException {
        SecureRandom random = new SecureRandom();
        KeyPair a = X25519.generate(random);
        KeyPair b = X25519.generate(random);
        byte[] ab = X25519.agree(a.getPrivate(), X25519.rawPublic(b.getPublic()));
        byte[] ba = X25519.agree(b.getPrivate(), X25519.rawPublic(a.getPublic()));
        assertArrayEquals(ab, ba);
        assertFalse(Arrays.equals(new byte[32], ab));
    }

    @Test
    void wrongLengthPublicKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> X25519.publicFromRaw(new byte[31]));
    }
}
