package dev.parley.handshake;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fernet;
import dev.parley.crypto.Hkdf;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;

/**
 * The state both sides keep through the handshake: the transcript hash {@code h}, the chaining key
 * {@code ck}, and the handshake keys. Every step is named after docs/PROTOCOL.md. Not thread-safe.
 */
final class Transcript {
    static final byte[] PROTOCOL_NAME = ascii("parley/1 SIGMA-I X25519 Ed25519 HKDF-SHA256 Fernet");
    static final byte[] MAGIC = ascii("PRLY");
    static final byte[] RESPONDER_LABEL = ascii("parley/1 responder");
    static final byte[] INITIATOR_LABEL = ascii("parley/1 initiator");
    static final int HEADER_LEN = 7;
    static final int M1_LEN = HEADER_LEN + 32 + 32;
    /** Bytes of pk || sig || fin at the start of T2 and T3's plaintext. */
    static final int AUTH_LEN = Ed25519.KEY_LEN + Ed25519.SIGNATURE_LEN + 32;
    /** Handshake tokens carry no usable time (clocks are not yet known to agree): freshness comes from the ephemeral keys. */
    private static final Duration ANY_TIME = Duration.ofDays(365L * 1000);

    byte[] h;
    byte[] ck;
    private byte[] kR;
    private byte[] kI;
    private byte[] fR;
    private byte[] fI;

    Transcript(byte[] psk) {
        h = Bytes.sha256(PROTOCOL_NAME);
        ck = Hkdf.extract(h, psk);
    }

    /** The MAC of M1, keyed from the network key: a stranger cannot make one. */
    byte[] m1Mac(byte[] header, byte[] eI) {
        return Hkdf.hmac(Hkdf.expand(ck, ascii("m1"), 32), h, header, eI);
    }

    void mix(byte[]... parts) {
        byte[][] all = new byte[parts.length + 1][];
        all[0] = h;
        System.arraycopy(parts, 0, all, 1, parts.length);
        h = Bytes.sha256(all);
    }

    /** After M2's public part: mix the DH result and derive the four handshake keys. */
    void mixKey(byte[] dh) {
        ck = Hkdf.extract(ck, dh);
        byte[] okm = Hkdf.expand(ck, Bytes.concat(ascii("hs"), h), 128);
        kR = Arrays.copyOfRange(okm, 0, 32);
        kI = Arrays.copyOfRange(okm, 32, 64);
        fR = Arrays.copyOfRange(okm, 64, 96);
        fI = Arrays.copyOfRange(okm, 96, 128);
    }

    /** pk || sig || fin || payload, sealed under the side's handshake key. */
    String seal(boolean responder, PrivateKey sk, byte[] pk, Payload payload, LocalParty party) {
        byte[] sig = party.ops().sign(sk, Bytes.concat(responder ? RESPONDER_LABEL : INITIATOR_LABEL, h));
        byte[] fin = Hkdf.hmac(responder ? fR : fI, h, pk, sig);
        byte[] plain = Bytes.concat(pk, sig, fin, payload.encode());
        return Fernet.seal(Fernet.key(responder ? kR : kI), plain, party.clock().instant(), party.random());
    }

    /** Opens the peer's token and checks its finished MAC and signature; returns pk and payload. */
    Authenticated open(boolean fromResponder, byte[] token, LocalParty party) throws HandshakeFailedException {
        byte[] plain;
        try {
            plain = Fernet.open(Fernet.key(fromResponder ? kR : kI), new String(token, StandardCharsets.US_ASCII),
                    Fernet.validator(party.clock(), ANY_TIME, ANY_TIME));
        } catch (Fernet.InvalidTokenException e) {
            throw new HandshakeFailedException("handshake token does not open");
        }
        if (plain.length < AUTH_LEN) {
            throw new HandshakeFailedException("handshake message too short");
        }
        byte[] pk = Arrays.copyOfRange(plain, 0, 32);
        byte[] sig = Arrays.copyOfRange(plain, 32, 96);
        byte[] fin = Arrays.copyOfRange(plain, 96, 128);
        if (!Bytes.constantTimeEquals(fin, Hkdf.hmac(fromResponder ? fR : fI, h, pk, sig))) {
            throw new HandshakeFailedException("finished MAC mismatch");
        }
        if (!party.ops().verify(pk, Bytes.concat(fromResponder ? RESPONDER_LABEL : INITIATOR_LABEL, h), sig)) {
            throw new HandshakeFailedException("identity signature invalid");
        }
        if (Arrays.equals(pk, party.publicKey())) {
            throw new HandshakeFailedException("peer presented our own identity key");
        }
        return new Authenticated(pk, Payload.decode(plain, AUTH_LEN));
    }

    /** The two traffic keys, initiator-to-responder first. */
    byte[][] trafficKeys() {
        byte[] okm = Hkdf.expand(ck, Bytes.concat(ascii("traffic"), h), 64);
        return new byte[][] {Arrays.copyOfRange(okm, 0, 32), Arrays.copyOfRange(okm, 32, 64)};
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    record Authenticated(byte[] publicKey, Payload payload) {}
}
