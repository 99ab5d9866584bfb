package dev.parley.handshake;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.X25519;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;

/**
 * The dialling side of the handshake: {@link #message1()}, then {@link #message3(byte[])} with the
 * responder's M2, then {@link #result()}. Bytes in, bytes out; no I/O. Not thread-safe; one use only.
 */
public final class Initiator {
    private final LocalParty party;
    private final Transcript t;
    private KeyPair ephemeral;
    private HandshakeResult result;

    public Initiator(LocalParty party) {
        this.party = party;
        this.t = new Transcript(party.psk());
    }

    /** M1: header, ephemeral key and the network-key MAC. */
    public byte[] message1() {
        if (ephemeral != null) {
            throw new IllegalStateException("message1 already sent");
        }
        byte flags = (byte) (party.networkKey() == null ? 0 : 1);
        byte[] header = Bytes.concat(Transcript.MAGIC,
                new byte[] {(byte) party.minVersion(), (byte) party.maxVersion(), flags});
        ephemeral = party.ops().newEphemeral(party.random());
        byte[] eI = X25519.rawPublic(ephemeral.getPublic());
        byte[] mac = t.m1Mac(header, eI);
        t.mix(header, eI, mac);
        return Bytes.concat(header, eI, mac);
    }

    /** Checks M2 (version, key exchange, the responder's identity) and returns M3. */
    public byte[] message3(byte[] m2) throws HandshakeFailedException {
        if (ephemeral == null || result != null) {
            throw new IllegalStateException("message3 out of order");
        }
        if (m2.length < 1 + 32 + 1) {
            throw new HandshakeFailedException("M2 too short");
        }
        int version = m2[0] & 0xff;
        if (version < party.minVersion() || version > party.maxVersion()) {
            throw new HandshakeFailedException("responder chose version " + version + " which we did not offer");
        }
        byte[] eR = Arrays.copyOfRange(m2, 1, 33);
        byte[] t2 = Arrays.copyOfRange(m2, 33, m2.length);
        try {
            t.mix(new byte[] {(byte) version}, eR);
            t.mixKey(party.ops().agree(ephemeral.getPrivate(), eR));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new HandshakeFailedException("key exchange failed", e);
        }
        Transcript.Authenticated peer = t.open(true, t2, party);
        t.mix(t2);
        String t3 = t.seal(false, party.identity().getPrivate(), party.publicKey(), party.payload(), party);
        byte[] m3 = t3.getBytes(StandardCharsets.US_ASCII);
        t.mix(m3);
        byte[][] keys = t.trafficKeys();
        result = new HandshakeResult(true, version, peer.publicKey(), peer.payload(), keys[0], keys[1], t.h);
        return m3;
    }

    /** The outcome, once M3 is made; the session is confirmed when the responder's READY opens. */
    public HandshakeResult result() {
        if (result == null) {
            throw new IllegalStateException("handshake not finished");
        }
        return result;
    }
}
