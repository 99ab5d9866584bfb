package dev.parley.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 (RFC 7748) over the JDK's XDH provider, with raw 32-byte public keys. Thread-safe. */
public final class X25519 {
    public static final int KEY_LEN = 32;

    private X25519() {}

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            g.initialize(NamedParameterSpec.X25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** The key pair whose private scalar is exactly these 32 bytes (test vectors). */
    public static KeyPair fromPrivate(byte[] scalar) {
        return generate(new FixedRandom(scalar));
    }

    /** The u-coordinate, little-endian (RFC 7748 §5). */
    public static byte[] rawPublic(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        return Bytes.toLittleEndian(u, KEY_LEN);
    }

    public static PublicKey publicFromRaw(byte[] raw) {
        if (raw.length != KEY_LEN) {
            throw new IllegalArgumentException("X25519 public key must be 32 bytes");
        }
        byte[] le = raw.clone();
        le[KEY_LEN - 1] &= 0x7f; // RFC 7748 §5: mask the most significant bit
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, Bytes.fromLittleEndian(le)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /**
     * The shared secret. The JDK refuses an all-zero result (a small-order peer key) with an
     * exception, which callers treat as a failed handshake.
     */
    public static byte[] agree(PrivateKey ours, byte[] theirRaw) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(ours);
        ka.doPhase(publicFromRaw(theirRaw), true);
        return ka.generateSecret();
    }
}
