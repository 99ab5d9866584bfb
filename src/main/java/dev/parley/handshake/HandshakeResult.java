package dev.parley.handshake;

import dev.parley.crypto.Fingerprints;

/**
 * An authenticated, key-confirmed handshake: who the peer is, what it said, and the two traffic keys.
 * Immutable.
 *
 * @param sendKey the 32-byte Fernet key for records we send
 * @param receiveKey the 32-byte Fernet key for records we receive
 * @param transcriptHash the final transcript hash, the same on both sides
 */
public record HandshakeResult(boolean initiator, int version, byte[] peerPublicKey, Payload peerPayload,
                              byte[] sendKey, byte[] receiveKey, byte[] transcriptHash) {
    public String peerFingerprint() {
        return Fingerprints.of(peerPublicKey);
    }

    @Override public byte[] peerPublicKey() { return peerPublicKey.clone(); }
    @Override public byte[] sendKey() { return sendKey.clone(); }
    @Override public byte[] receiveKey() { return receiveKey.clone(); }
    @Override public byte[] transcriptHash() { return transcriptHash.clone(); }

    @Override
    public String toString() {
        return "HandshakeResult[" + (initiator ? "initiator" : "responder") + " v" + version + " peer "
                + peerFingerprint() + "]"; // never the keys
    }
}
