package dev.parley.crypto;

import java.util.Base64;

/** OpenSSH-style key fingerprints. Stateless. */
public final class Fingerprints {
    public static final String PREFIX = "SHA256:";
    /** Length of the part after the prefix: unpadded base64 of 32 bytes. */
    public static final int BODY_LEN = 43;

    private Fingerprints() {}

    /** {@code SHA256:} + unpadded standard base64 of SHA-256 of the raw public key. */
    public static String of(byte[] publicKey) {
        return PREFIX + Base64.getEncoder().withoutPadding().encodeToString(Bytes.sha256(publicKey));
    }

    public static boolean isWellFormed(String s) {
        if (s == null || !s.startsWith(PREFIX) || s.length() != PREFIX.length() + BODY_LEN) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(s.substring(PREFIX.length())).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
