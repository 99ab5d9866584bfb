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
