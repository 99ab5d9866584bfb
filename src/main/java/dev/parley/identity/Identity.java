package dev.parley.identity;

import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import java.security.KeyPair;
import java.security.SecureRandom;

/**
 * Our long-term Ed25519 identity: the key pair, its raw public key and its fingerprint. Immutable and
 * thread-safe.
 */
public final class Identity {
    private final KeyPair keyPair;
    private final byte[] publicKey;
    private final String fingerprint;

    public Identity(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.publicKey = Ed25519.rawPublic(keyPair.getPublic());
        this.fingerprint = Fingerprints.of(publicKey);
    }

    /** The identity whose private key is this 32-byte seed (RFC 8032 §5.1.5). */
    public static Identity fromSeed(byte[] seed) {
        return new Identity(Ed25519.fromSeed(seed));
    }

    public static Identity generate(SecureRandom random) {
        return new Identity(Ed25519.generate(random));
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** The raw 32-byte Ed25519 public key (a copy). */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** {@code SHA256:} and 43 characters, as {@link Fingerprints#of} gives. */
    public String fingerprint() {
        return fingerprint;
    }

    /** An Ed25519 signature (64 bytes) over the message. */
    public byte[] sign(byte[] message) {
        return Ed25519.sign(keyPair.getPrivate(), message);
    }

    /** The fingerprint only: an identity never prints its private key. */
    @Override
    public String toString() {
        return "Identity[" + fingerprint + "]";
    }
}
