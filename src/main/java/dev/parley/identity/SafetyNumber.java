package dev.parley.identity;

import dev.parley.crypto.Bytes;
import dev.parley.crypto.Fingerprints;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Safety numbers: Signal's numeric fingerprint (libsignal-protocol-java's NumericFingerprintGenerator,
 * display version 0), which both sides of a conversation compute to the same 60 digits.
 *
 * <p>For each side: {@code h = 0x00 0x00 || publicKey || stableId} (not hashed), then
 * {@code iterations} times {@code h = SHA-512(h || publicKey)}; the first 30 bytes of {@code h}, as six
 * 5-byte big-endian numbers each taken mod 100000 and written as five zero-padded digits, give 30
 * digits. The number is the two sides' 30 digits, the lexicographically smaller first.
 *
 * <p>Stateless and thread-safe.
 */
public final class SafetyNumber {
    /** libsignal's choice for Signal (over 112 bits against a second-preimage search). */
    public static final int ITERATIONS = 5200;
    private static final byte[] DISPLAY_VERSION = {0, 0};

    private SafetyNumber() {}

    /**
     * Parley's safety number for a pair of identities: {@link #compute} over the raw 32-byte Ed25519
     * public keys, with each side's stable identifier the UTF-8 of its fingerprint
     * ({@code SHA256:...}, {@link Fingerprints#of}), {@value #ITERATIONS} iterations, shown as twelve
     * groups of five digits separated by single spaces. Swapping the arguments gives the same string.
     */
    public static String of(byte[] ourPublicKey, byte[] theirPublicKey) {
        if (ourPublicKey.length != 32 || theirPublicKey.length != 32) {
            throw new IllegalArgumentException("safety numbers take raw 32-byte Ed25519 public keys");
        }
        String digits = compute(ITERATIONS,
                ourPublicKey, Fingerprints.of(ourPublicKey).getBytes(StandardCharsets.UTF_8),
                theirPublicKey, Fingerprints.of(theirPublicKey).getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(71);
        for (int i = 0; i < digits.length(); i += 5) {
            if (i > 0) {
                out.append(' ');
            }
            out.append(digits, i, i + 5);
        }
        return out.toString();
    }

    /** The 60-digit displayable fingerprint, exactly as libsignal computes it for these inputs. */
    public static String compute(int iterations, byte[] localKey, byte[] localId, byte[] remoteKey, byte[] remoteId) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be positive: " + iterations);
        }
        String local = digits(hash(iterations, localKey, localId));
        String remote = digits(hash(iterations, remoteKey, remoteId));
        return local.compareTo(remote) <= 0 ? local + remote : remote + local;
    }

    private static byte[] hash(int iterations, byte[] key, byte[] stableId) {
        MessageDigest sha512 = sha512();
        byte[] h = Bytes.concat(DISPLAY_VERSION, key, stableId);
        for (int i = 0; i < iterations; i++) {
            sha512.update(h);
            h = sha512.digest(key);
        }
        return h;
    }

    private static String digits(byte[] hash) {
        StringBuilder out = new StringBuilder(30);
        for (int offset = 0; offset < 30; offset += 5) {
            long chunk = 0;
            for (int i = 0; i < 5; i++) {
                chunk = chunk << 8 | (hash[offset + i] & 0xffL);
            }
            out.append(String.format(Locale.ROOT, "%05d", chunk % 100000)); // ROOT: ASCII digits everywhere
        }
        return out.toString();
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 unavailable", e);
        }
    }
}
