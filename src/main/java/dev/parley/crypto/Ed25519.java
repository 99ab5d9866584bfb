package dev.parley.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;

/** Ed25519 (RFC 8032) over the JDK's EdDSA provider, with raw 32-byte keys. Thread-safe. */
public final class Ed25519 {
    public static final int KEY_LEN = 32;
    public static final int SIGNATURE_LEN = 64;

    private Ed25519() {}

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
            g.initialize(NamedParameterSpec.ED25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 unavailable", e);
        }
    }

    /** The key pair for a 32-byte private seed (RFC 8032 §5.1.5). */
    public static KeyPair fromSeed(byte[] seed) {
        if (seed.length != KEY_LEN) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes");
        }
        return generate(new FixedRandom(seed));
    }

    /** The 32-byte seed of a private key. */
    public static byte[] seed(PrivateKey key) {
        return ((EdECPrivateKey) key).getBytes().orElseThrow(() -> new IllegalStateException("opaque Ed25519 key"));
    }

    /** RFC 8032 §5.1.2 encoding: y little-endian, the sign of x in the top bit. */
    public static byte[] rawPublic(PublicKey key) {
        EdECPoint p = ((EdECPublicKey) key).getPoint();
        byte[] out = Bytes.toLittleEndian(p.getY(), KEY_LEN);
        if (p.isXOdd()) {
            out[KEY_LEN - 1] |= (byte) 0x80;
        }
        return out;
    }

    public static PublicKey publicFromRaw(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_LEN) {
            throw new GeneralSecurityException("Ed25519 public key must be 32 bytes");
        }
        byte[] le = raw.clone();
        boolean xOdd = (le[KEY_LEN - 1] & 0x80) != 0;
        le[KEY_LEN - 1] &= 0x7f;
        BigInteger y = Bytes.fromLittleEndian(le);
        return KeyFactory.getInstance("Ed25519")
                .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, new EdECPoint(xOdd, y)));
    }

    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** False for a bad signature, a malformed key or a point not on the curve; never throws. */
    public static boolean verify(byte[] publicRaw, byte[] message, byte[] signature) {
        if (signature.length != SIGNATURE_LEN) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(publicFromRaw(publicRaw));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
