package dev.parley.handshake;

import dev.parley.crypto.Ed25519;
import dev.parley.crypto.X25519;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;

/**
 * The handshake's public-key operations, behind an interface so tests can count them (the responder
 * must do none before the first message passes its network-key check). Thread-safe.
 */
public interface PublicKeyOps {
    KeyPair newEphemeral(SecureRandom random);

    byte[] agree(PrivateKey ours, byte[] theirs) throws GeneralSecurityException;

    byte[] sign(PrivateKey key, byte[] message);

    boolean verify(byte[] publicKey, byte[] message, byte[] signature);

    /** The JDK's X25519 and Ed25519. */
    PublicKeyOps JDK = new PublicKeyOps() {
        @Override public KeyPair newEphemeral(SecureRandom random) { return X25519.generate(random); }
        @Override public byte[] agree(PrivateKey ours, byte[] theirs) throws GeneralSecurityException {
            return X25519.agree(ours, theirs);
        }
        @Override public byte[] sign(PrivateKey key, byte[] message) { return Ed25519.sign(key, message); }
        @Override public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
            return Ed25519.verify(publicKey, message, signature);
        }
    };
}
