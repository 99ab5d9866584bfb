package dev.parley.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The Fernet token layout and engines shared by {@link FernetSealer} and {@link FernetOpener}. Stateless. */
final class FernetFormat {
    static final int BLOCK = 16;
    static final int IV_LEN = 16;
    static final int MAC_LEN = 32;
    /** Version (1), timestamp (8), IV (16). */
    static final int HEADER_LEN = 25;

    private FernetFormat() {}

    /**
     * Whether a token is in the one form a sealer writes: URL-safe base64 (RFC 4648 section 5) with its
     * {@code =} padding, so a length that is a multiple of 4, nothing before or after it (no newline),
     * and the unused bits of the last character zero (RFC 4648 section 3.5). Every other spelling of
     * the same bytes is refused: the handshake's transcript hash mixes the exact characters, and the
     * tokens Parley accepts stay a subset of those the reference Fernet accepts (it refuses unpadded ones).
     */
    static boolean canonical(byte[] token) {
        int n = token.length;
        if (n == 0 || n % 4 != 0) {
            return false;
        }
        // The alphabet, and '=' only at the end, are the decoder's to check; here, what it lets through.
        int pad = token[n - 1] != '=' ? 0 : token[n - 2] != '=' ? 1 : 2;
        if (pad == 0) {
            return true;
        }
        int last = value((char) (token[n - pad - 1] & 0xff));
        return last >= 0 && (last & (pad == 1 ? 0x03 : 0x0f)) == 0;
    }

    /** The 6-bit value of a URL-safe base64 character, or -1. */
    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '-') return 62;
        if (c == '_') return 63;
        return -1;
    }

    static void checkKey(byte[] raw32) {
        if (raw32.length != 32) {
            throw new IllegalArgumentException("a Fernet key is 32 bytes");
        }
    }

    static SecretKeySpec encryptionKey(byte[] raw32) {
        return new SecretKeySpec(Arrays.copyOfRange(raw32, 16, 32), "AES");
    }

    static Cipher aes() {
        try {
            return Cipher.getInstance("AES/CBC/PKCS5Padding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no AES-CBC", e);
        }
    }

    static Mac hmac(byte[] raw32) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Arrays.copyOfRange(raw32, 0, 16), "HmacSHA256"));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("unusable signing key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HMAC-SHA256", e);
        }
    }
}
