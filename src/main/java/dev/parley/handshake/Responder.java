package dev.parley.handshake;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.X25519;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Arrays;

/**
 * The answering side of the handshake: {@link #message2(byte[])} with M1, then {@link #finish(byte[])}
 * with M3. M1 is checked against the network key, then against the {@link ReplayCache} of M1s already
 * accepted, before any public-key work, so a stranger (without the network key) costs a few HMACs and
 * a table lookup, even when it replays an M1 a member sent. Bytes in, bytes out; no I/O. Not
 * thread-safe; one use only (the replay cache it is given is shared and thread-safe).
 */
public final class Responder {
    private final LocalParty party;
    private final ReplayCache replays;
    private final Transcript t;
    private int version;
    private boolean answered;
    private HandshakeResult result;

    /**
     * A responder that remembers no earlier M1 (for one-off handshakes: tests, benchmarks, the warm-up);
     * a listener passes the process's cache to {@link #Responder(LocalParty, ReplayCache)}.
     */
    public Responder(LocalParty party) {
        this(party, null);
    }

    /** @param replays the M1s already accepted by this process (null: none remembered) */
    public Responder(LocalParty party, ReplayCache replays) {
        this.party = party;
        this.replays = replays;
        this.t = new Transcript(party.psk());
    }

    /** Checks M1 (magic, MAC, replay, versions) and returns M2. */
    public byte[] message2(byte[] m1) throws HandshakeFailedException {
        return message2(m1, () -> { });
    }

    /**
     * As {@link #message2(byte[])}; {@code passed} runs once M1 has passed its checks, before the
     * public-key work (the network layer then stops counting the connection as a staller).
     */
    public byte[] message2(byte[] m1, Runnable passed) throws HandshakeFailedException {
        if (answered) {
            throw new IllegalStateException("message2 already sent");
        }
        answered = true;
        if (m1.length != Transcript.M1_LEN) {
            throw new HandshakeFailedException("M1 has the wrong length");
        }
        byte[] header = Arrays.copyOfRange(m1, 0, Transcript.HEADER_LEN);
        byte[] eI = Arrays.copyOfRange(m1, Transcript.HEADER_LEN, Transcript.HEADER_LEN + 32);
        byte[] mac = Arrays.copyOfRange(m1, Transcript.HEADER_LEN + 32, Transcript.M1_LEN);
        boolean macOk = Bytes.constantTimeEquals(mac, t.m1Mac(header, eI));
        boolean magicOk = Arrays.equals(Arrays.copyOfRange(header, 0, 4), Transcript.MAGIC);
        if (!magicOk) {
            throw new HandshakeFailedException("M1 fails the network-key check");
        }
        if (!macOk) {
            throw new OtherNetworkKeyException((header[6] & 0x01) != 0); // a Parley peer, with another key
        }
        if (replays != null && !replays.firstSight(mac)) {
            throw new HandshakeFailedException("M1 was accepted before (a replay)");
        }
        version = Math.min(header[5] & 0xff, party.maxVersion());
        if (version < (header[4] & 0xff) || version < party.minVersion()) {
            throw new HandshakeFailedException("no common protocol version");
        }
        passed.run();
        t.mix(header, eI, mac);
        KeyPair ephemeral = party.ops().newEphemeral(party.random());
        byte[] eR = X25519.rawPublic(ephemeral.getPublic());
        byte[] v = {(byte) version};
        try {
            t.mix(v, eR);
            t.mixKey(party.ops().agree(ephemeral.getPrivate(), eI));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new HandshakeFailedException("key exchange failed", e);
        }
        byte[] t2 = t.seal(true, party.identity().getPrivate(), party.publicKey(), party.payload(), party)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        t.mix(t2);
        return Bytes.concat(v, eR, t2);
    }

    /** Checks M3 (the initiator's identity); the caller then sends READY under the traffic key. */
    public HandshakeResult finish(byte[] m3) throws HandshakeFailedException {
        if (!answered || result != null) {
            throw new IllegalStateException("finish out of order");
        }
        Transcript.Authenticated peer = t.open(false, m3, party);
        t.mix(m3);
        byte[][] keys = t.trafficKeys();
        result = new HandshakeResult(false, version, peer.publicKey(), peer.payload(), keys[1], keys[0], t.h);
        return result;
    }
}
