package dev.parley.handshake;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.crypto.Bytes;
import dev.parley.crypto.Ed25519;
import dev.parley.wire.Record;
import dev.parley.wire.RecordType;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deterministic handshake vector of docs/PROTOCOL.md section 14: loads its fixed inputs from
 * {@code handshake-vector.json} (shared with src/test/python/check_vector.py) and runs Parley's own
 * handshake and record code over them with scripted randomness and fixed clocks. Not thread-safe.
 */
final class HandshakeVector {
    static final String RESOURCE = "/handshake-vector.json";

    final JsonObject doc;

    private HandshakeVector(JsonObject doc) {
        this.doc = doc;
    }

    static HandshakeVector load() throws IOException {
        try (InputStream in = HandshakeVector.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IOException(RESOURCE + " missing from the test class path");
            }
            return new HandshakeVector(JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .getAsJsonObject());
        }
    }

    List<String> caseNames() {
        List<String> names = new ArrayList<>();
        doc.getAsJsonArray("cases").forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    JsonObject caseNamed(String name) {
        for (var c : doc.getAsJsonArray("cases")) {
            if (c.getAsJsonObject().get("name").getAsString().equals(name)) {
                return c.getAsJsonObject();
            }
        }
        throw new IllegalArgumentException("no vector case " + name);
    }

    JsonObject identities() {
        return doc.getAsJsonObject("identities");
    }

    JsonObject initiatorInputs() {
        return doc.getAsJsonObject("inputs").getAsJsonObject("initiator");
    }

    JsonObject responderInputs() {
        return doc.getAsJsonObject("inputs").getAsJsonObject("responder");
    }

    /** The network key of a case, or null. */
    static byte[] networkKey(JsonObject c) {
        return c.get("network_key").isJsonNull() ? null : hex(c, "network_key");
    }

    static byte[] hex(JsonObject o, String field) {
        return Bytes.unhex(o.get(field).getAsString());
    }

    static KeyPair identity(JsonObject side) {
        return Ed25519.fromSeed(hex(side, "identity_seed"));
    }

    static Clock clock(JsonObject side) {
        return Clock.fixed(Instant.ofEpochMilli(side.get("clock_ms").getAsLong()), ZoneOffset.UTC);
    }

    /**
     * A party whose randomness yields, in order, its ephemeral X25519 scalar, the IV of its handshake
     * token and the IV of its first record: exactly what the handshake and record code draw.
     */
    LocalParty party(JsonObject side, String handshakeIv, String recordIv, byte[] networkKey) {
        KeyPair id = identity(side);
        String nick = side.get("nickname").getAsString();
        JsonObject versions = doc.getAsJsonObject("inputs").getAsJsonObject("versions");
        return new LocalParty(id, Ed25519.rawPublic(id.getPublic()), networkKey, versions.get("min").getAsInt(),
                versions.get("max").getAsInt(), () -> nick, clock(side),
                new ScriptedRandom(hex(side, "ephemeral_private"), hex(side, handshakeIv), hex(side, recordIv)),
                PublicKeyOps.JDK);
    }

    /** The CHAT body: id (16) || time (8) || UTF-8 text. */
    byte[] chatBody() {
        JsonObject chat = doc.getAsJsonObject("inputs").getAsJsonObject("chat");
        byte[] text = chat.get("text").getAsString().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(24 + text.length).put(hex(chat, "id")).putLong(chat.get("time_ms").getAsLong())
                .put(text).array();
    }

    /** Everything one run of the handshake and the first record each way produced. */
    record Run(LocalParty initiator, LocalParty responder, byte[] m1, byte[] m2, byte[] m3,
               HandshakeResult initiatorResult, HandshakeResult responderResult, String readyToken,
               String chatToken, Record readyAsReceived, Record chatAsReceived) {
        /** The outputs in the vector file's form (hex, tokens as text). */
        Map<String, String> outputs() {
            Map<String, String> out = new LinkedHashMap<>();
            out.put("m1", Bytes.hex(m1));
            out.put("m2", Bytes.hex(m2));
            out.put("m3", Bytes.hex(m3));
            out.put("k_i2r", Bytes.hex(initiatorResult.sendKey()));
            out.put("k_r2i", Bytes.hex(initiatorResult.receiveKey()));
            out.put("transcript_hash", Bytes.hex(initiatorResult.transcriptHash()));
            out.put("ready_plaintext", Bytes.hex(readyAsReceived.encode()));
            out.put("ready_token", readyToken);
            out.put("chat_plaintext", Bytes.hex(chatAsReceived.encode()));
            out.put("chat_token", chatToken);
            out.put("k_i2r_key_file", Base64.getUrlEncoder().encodeToString(initiatorResult.sendKey()));
            out.put("k_r2i_key_file", Base64.getUrlEncoder().encodeToString(initiatorResult.receiveKey()));
            return out;
        }
    }

    /**
     * Runs the handshake between the vector's two parties, then the responder seals READY and the
     * initiator one CHAT, each opened by the other side's cipher at its own clock plus the learned offset,
     * as the network layer does.
     */
    Run run(String caseName) throws Exception {
        byte[] psk = networkKey(caseNamed(caseName));
        LocalParty alice = party(initiatorInputs(), "t3_iv", "chat_iv", psk);
        LocalParty bob = party(responderInputs(), "t2_iv", "ready_iv", psk);
        Initiator i = new Initiator(alice);
        Responder r = new Responder(bob);
        byte[] m1 = i.message1();
        byte[] m2 = r.message2(m1);
        byte[] m3 = i.message3(m2);
        HandshakeResult ri = i.result();
        HandshakeResult rr = r.finish(m3);

        RecordCipher aliceCipher = cipher(ri, alice);
        RecordCipher bobCipher = cipher(rr, bob);
        byte[] ready = bobCipher.seal(RecordType.READY, new byte[0]);
        Record readyIn = aliceCipher.open(ready);
        byte[] chat = aliceCipher.seal(RecordType.CHAT, chatBody());
        Record chatIn = bobCipher.open(chat);
        return new Run(alice, bob, m1, m2, m3, ri, rr, ascii(ready), ascii(chat), readyIn, chatIn);
    }

    /** As the network layer makes it: offset = the peer's handshake clock minus ours, the party's randomness. */
    private static RecordCipher cipher(HandshakeResult result, LocalParty self) {
        long offset = result.peerPayload().clockMillis() - self.clock().millis();
        return new RecordCipher(result, offset, self.clock(), self.random());
    }

    private static String ascii(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }
}
