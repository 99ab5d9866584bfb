package dev.parley.discovery;

import java.util.Base64;

/**
 * The shape of a fingerprint as it arrives in TXT: {@code SHA256:} + unpadded base64 of 32 bytes.
 * Discovery may not import {@code crypto}, so it checks the format itself. Stateless.
 */
final class FingerprintFormat {
    static final String PREFIX = "SHA256:";
    static final int BODY_LEN = 43;
    /** How much of the body an instance name shows: enough to tell people apart, short enough to read. */
    static final int SHORT_LEN = 8;

    private FingerprintFormat() {}

    static boolean isWellFormed(String s) {
        if (s == null || s.length() != PREFIX.length() + BODY_LEN || !s.startsWith(PREFIX)) {
            return false;
        }
        String body = s.substring(PREFIX.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean base64 = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!base64) {
                return false;
            }
        }
        try {
            // 43 characters carry 258 bits; re-encoding rejects the spellings with a non-zero tail, so each
            // key has exactly one fingerprint string
            byte[] raw = Base64.getDecoder().decode(body);
            return raw.length == 32 && Base64.getEncoder().withoutPadding().encodeToString(raw).equals(body);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The first {@link #SHORT_LEN} characters after the prefix, e.g. {@code Ab3dE9xQ}. */
    static String shortForm(String fingerprint) {
        return fingerprint.substring(PREFIX.length(), PREFIX.length() + SHORT_LEN);
    }
}
