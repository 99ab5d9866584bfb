package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 8032 §7.1 TEST 1-3, through the calls identities and the handshake make. */
class Ed25519Test {

    static Stream<Arguments> rfc8032() {
        return Stream.of(
                Arguments.of("TEST 1",
                        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
                        "",
                        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
                Arguments.of("TEST 2",
                        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
                        "72",
                        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
                Arguments.of("TEST 3",
                        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
                        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
                        "af82",
                        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
                                + "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void seedGivesPublicKeyAndSignature(String name, String seed, String pub, String msg, String sig) {
        KeyPair pair = Ed25519.fromSeed(Bytes.unhex(seed));
        assertArrayEquals(Bytes.unhex(pub), Ed25519.rawPublic(pair.getPublic()));
        assertArrayEquals(Bytes.unhex(seed), Ed25519.seed(pair.getPrivate()));
        assertArrayEquals(Bytes.unhex(sig), Ed25519.sign(pair.getPrivate(), Bytes.unhex(msg)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void signatureVerifies(String name, String seed, String pub, String msg, String sig) {
        assertTrue(Ed25519.verify(Bytes.unhex(pub), Bytes.unhex(msg), Bytes.unhex(sig)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void anyFlippedSignatureBitFailsVerification(String name, String seed, String pub, String msg, String sig) {
        byte[] publicKey = Bytes.unhex(pub);
        byte[] message = Bytes.unhex(msg);
        for (int bit = 0; bit < Ed25519.SIGNATURE_LEN * 8; bit++) {
            byte[] s = Bytes.unhex(sig);
            s[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519.verify(publicKey, message, s), "bit " + bit);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void flippedMessageBitOrExtraByteFailsVerification(String name, String seed, String pub, String msg, String sig) {
        byte[] publicKey = Bytes.unhex(pub);
        byte[] signature = Bytes.unhex(sig);
        byte[] message = Bytes.unhex(msg);
        for (int bit = 0; bit < message.length * 8; bit++) {
            byte[] m = message.clone();
            m[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Ed25519.verify(publicKey, m, signature), "bit " + bit);
        }
        assertFalse(Ed25519.verify(publicKey, Bytes.concat(message, new byte[1]), signature));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rfc8032")
    void anotherKeyOrAWrongLengthSignatureFailsVerification(String name, String seed, String pub, String msg,
                                                            String sig) {
        byte[] otherKey = Ed25519.rawPublic(Ed25519.fromSeed(new byte[32]).getPublic());
        assertFalse(Ed25519.verify(otherKey, Bytes.unhex(msg), Bytes.unhex(sig)));
        assertFalse(Ed25519.verify(Bytes.unhex(pub), Bytes.unhex(msg), new byte[63]));
        assertFalse(Ed25519.verify(new byte[31], Bytes.unhex(msg), Bytes.unhex(sig)));
    }

    @Test
    void publicKeyRoundTripsThroughRawBytes() throws Exception {
        byte[] raw = Bytes.unhex("fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025");
        assertArrayEquals(raw, Ed25519.rawPublic(Ed25519.publicFromRaw(raw)));
    }
}
