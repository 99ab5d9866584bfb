package dev.parley.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF-SHA256 (RFC 5869) and HMAC-SHA256. Stateless and thread-safe. */
public final class Hkdf {
    public static final int HASH_LEN = 32;
    private static final byte[] ZERO_SALT = new byte[HASH_LEN];

    private Hkdf() {}

    /** RFC 5869 §2.2; an empty or null salt means HashLen zero bytes. */
    public static byte[] extract(byte[] salt, byte[] ikm) {
        byte[] s = salt == null || salt.length == 0 ? ZERO_SALT : salt;
        return hmac(s, ikm);
    }

    /** RFC 5869 §2.3. */
    public static byte[] expand(byte[] prk, byte[] info, int length) {
        if (length < 0 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length out of range: " + length);
        }
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int pos = 0;
        for (int i = 1; pos < length; i++) {
            mac.update(t);
            mac.update(info == null ? new byte[0] : info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - pos);
            System.arraycopy(t, 0, out, pos, n);
            pos += n;
        }
        return out;
    }

    /** HMAC-SHA256 over the concatenation of the given parts. */
    public static byte[] hmac(byte[] key, byte[]... parts) {
        Mac mac = mac(key);
        for (byte[] p : parts) {
            mac.update(p);
        }
        return mac.doFinal();
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            // HMAC accepts any key length, including zero; SecretKeySpec does not accept empty keys.
            mac.init(key.length == 0 ? new EmptyKey() : new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** A zero-length HMAC key (RFC 5869 A.3 uses an empty salt, handled above; this keeps hmac total). */
    private static final class EmptyKey implements javax.crypto.SecretKey {
        @Override public String getAlgorithm() { return "HmacSHA256"; }
        @Override public String getFormat() { return "RAW"; }
        @Override public byte[] getEncoded() { return new byte[0]; }
    }

}
