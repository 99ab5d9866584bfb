package dev.parley.handshake;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.parley.crypto.Bytes;
import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import dev.parley.crypto.X25519;
import dev.parley.identity.NetworkKey;
import dev.parley.identity.SafetyNumber;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deterministic handshake vector (docs/PROTOCOL.md section 14, src/test/resources/handshake-vector.json):
 * Parley's handshake and record code, fed the vector's fixed keys, randomness and clocks, must produce
 * exactly the stored bytes. The same stored bytes are reproduced independently by the Python reference
 * (src/test/python/check_vector.py, run by {@link ReferenceImplementationTest}).
 */
class HandshakeVectorTest {
    /** RFC 8032 section 7.1, TEST 1 and TEST 2: the public keys of the vector's identity seeds. */
    private static final String RFC8032_TEST1_PUBLIC = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String RFC8032_TEST2_PUBLIC = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    /** RFC 7748 section 6.1: Alice's and Bob's public keys, and their shared secret. */
    private static final String RFC7748_ALICE_PUBLIC = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
    private static final String RFC7748_BOB_PUBLIC = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
    private static final String RFC7748_SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

    static Stream<String> cases() throws IOException {
        return HandshakeVector.load().caseNames().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void parleyProducesExactlyTheStoredBytes(String name) throws Exception {
        HandshakeVector v = HandshakeVector.load();
        JsonObject stored = v.caseNamed(name).getAsJsonObject("outputs");
        Map<String, String> actual = v.run(name).outputs();

        assertEquals(stored.keySet(), actual.keySet(), "the vector file and this test check the same outputs");
        for (String field : stored.keySet()) {
            assertEquals(stored.get(field).getAsString(), actual.get(field), name + ": " + field);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void bothSidesEndWithTheSameKeysAndLearnWhatTheOtherSaid(String name) throws Exception {
        HandshakeVector v = HandshakeVector.load();
        HandshakeVector.Run run = v.run(name);
        HandshakeResult i = run.initiatorResult();
        HandshakeResult r = run.responderResult();

        assertArrayEquals(i.sendKey(), r.receiveKey());
        assertArrayEquals(i.receiveKey(), r.sendKey());
        assertFalse(Arrays.equals(i.sendKey(), i.receiveKey()));
        assertArrayEquals(i.transcriptHash(), r.transcriptHash());
        assertEquals(1, i.version());
        assertEquals(1, r.version());
        assertArrayEquals(run.responder().publicKey(), i.peerPublicKey());
        assertArrayEquals(run.initiator().publicKey(), r.peerPublicKey());
        assertEquals(new Payload(v.responderInputs().get("clock_ms").getAsLong(), "bob", new byte[0]), i.peerPayload());
        assertEquals(new Payload(v.initiatorInputs().get("clock_ms").getAsLong(), "alice", new byte[0]), r.peerPayload());
        assertEquals(new Record(RecordType.READY, 0, new byte[0]), run.readyAsReceived());
        assertEquals(new Record(RecordType.CHAT, 0, v.chatBody()), run.chatAsReceived());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void messagesHaveTheDocumentedLayout(String name) throws Exception {
        HandshakeVector v = HandshakeVector.load();
        HandshakeVector.Run run = v.run(name);
        byte flags = (byte) (HandshakeVector.networkKey(v.caseNamed(name)) == null ? 0 : 1);

        assertEquals(71, run.m1().length);
        assertArrayEquals(Bytes.concat("PRLY".getBytes(StandardCharsets.US_ASCII), new byte[] {1, 1, flags}),
                Arrays.copyOfRange(run.m1(), 0, 7));
        assertEquals(RFC7748_ALICE_PUBLIC, Bytes.hex(Arrays.copyOfRange(run.m1(), 7, 39)));
        assertEquals(1, run.m2()[0]);
        assertEquals(RFC7748_BOB_PUBLIC, Bytes.hex(Arrays.copyOfRange(run.m2(), 1, 33)));
        String t2 = new String(run.m2(), 33, run.m2().length - 33, StandardCharsets.US_ASCII);
        String t3 = new String(run.m3(), StandardCharsets.US_ASCII);
        for (String token : new String[] {t2, t3, run.readyToken(), run.chatToken()}) {
            assertTrue(token.matches("gAAAAA[A-Za-z0-9_-]*=*") && token.length() % 4 == 0, token);
        }
    }

    @Test
    void theVectorsKeysAreThePublishedRfcKeys() throws Exception {
        HandshakeVector v = HandshakeVector.load();
        byte[] alice = Ed25519.rawPublic(HandshakeVector.identity(v.initiatorInputs()).getPublic());
        byte[] bob = Ed25519.rawPublic(HandshakeVector.identity(v.responderInputs()).getPublic());
        var eI = X25519.fromPrivate(HandshakeVector.hex(v.initiatorInputs(), "ephemeral_private"));
        var eR = X25519.fromPrivate(HandshakeVector.hex(v.responderInputs(), "ephemeral_private"));

        assertEquals(RFC8032_TEST1_PUBLIC, Bytes.hex(alice));
        assertEquals(RFC8032_TEST2_PUBLIC, Bytes.hex(bob));
        assertEquals(RFC7748_ALICE_PUBLIC, Bytes.hex(X25519.rawPublic(eI.getPublic())));
        assertEquals(RFC7748_BOB_PUBLIC, Bytes.hex(X25519.rawPublic(eR.getPublic())));
        assertEquals(RFC7748_SHARED, Bytes.hex(X25519.agree(eI.getPrivate(), X25519.rawPublic(eR.getPublic()))));
        JsonObject ids = v.identities();
        assertEquals(ids.get("initiator_public").getAsString(), Bytes.hex(alice));
        assertEquals(ids.get("responder_public").getAsString(), Bytes.hex(bob));
        assertEquals(ids.get("initiator_ephemeral_public").getAsString(), RFC7748_ALICE_PUBLIC);
        assertEquals(ids.get("responder_ephemeral_public").getAsString(), RFC7748_BOB_PUBLIC);
    }

    @Test
    void fingerprintsAndSafetyNumberMatchTheVector() throws Exception {
        HandshakeVector v = HandshakeVector.load();
        byte[] alice = Ed25519.rawPublic(HandshakeVector.identity(v.initiatorInputs()).getPublic());
        byte[] bob = Ed25519.rawPublic(HandshakeVector.identity(v.responderInputs()).getPublic());
        JsonObject ids = v.identities();

        assertEquals(ids.get("initiator_fingerprint").getAsString(), Fingerprints.of(alice));
        assertEquals(ids.get("responder_fingerprint").getAsString(), Fingerprints.of(bob));
        assertEquals(ids.get("safety_number").getAsString(), SafetyNumber.of(alice, bob));
        assertEquals(ids.get("safety_number").getAsString(), SafetyNumber.of(bob, alice));
    }

    @Test
    void theNetworkKeyFileFormIsWhatParleyLoads(@TempDir Path dir) throws Exception {
        HandshakeVector v = HandshakeVector.load();
        JsonObject c = v.caseNamed("network key");
        Path file = dir.resolve("network.key");
        Files.writeString(file, c.get("network_key_file").getAsString(), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        assertArrayEquals(HandshakeVector.networkKey(c), NetworkKey.load(file));
    }
}
