package dev.parley.crypto;

import java.security.SecureRandom;

/**
 * A "random" source that hands out the given bytes once, then fails. Lets key generation from a known
 * seed or scalar go through the JDK's own key-pair generators (test vectors, deterministic handshakes).
 * Not thread-safe.
 */
final class FixedRandom extends SecureRandom {
    private final byte[] bytes;
    private int pos;

    FixedRandom(byte[] bytes) {
        super(new byte[0]);
        this.bytes = bytes.clone();
    }

    @Override
    public void nextBytes(byte[] out) {
        if (pos + out.length > bytes.length) {
            throw new IllegalStateException("fixed random exhausted");
        }
        System.arraycopy(bytes, pos, out, 0, out.length);
        pos += out.length;
    }
}
