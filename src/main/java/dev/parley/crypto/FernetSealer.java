package dev.parley.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals Fernet tokens under one key, byte for byte as {@link Fernet#seal} does, for a session's stream
 * of records: the AES and HMAC engines are made and keyed once, not per token as fernet-java8 does
 * (its {@code Cipher.getInstance} and {@code Mac.getInstance} per token cost more than the cryptography
 * of a short record), and the token is built in one buffer. Not thread-safe: one writer thread.
 */
public final class FernetSealer {
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder();

    private final SecretKeySpec encryptionKey;
    private final Cipher aes;
    private final Mac hmac;
    private final byte[] iv = new byte[FernetFormat.IV_LEN];

    /** @param raw32 16 signing bytes || 16 encryption bytes, as {@link Fernet#key} takes */
    public FernetSealer(byte[] raw32) {
        FernetFormat.checkKey(raw32);
        this.encryptionKey = FernetFormat.encryptionKey(raw32);
        this.aes = FernetFormat.aes();
        this.hmac = FernetFormat.hmac(raw32);
    }

    /** The length of the binary token (before base64) for a plaintext of this many bytes. */
    public static int binaryLength(int plaintextLength) {
        return FernetFormat.HEADER_LEN + (plaintextLength / FernetFormat.BLOCK + 1) * FernetFormat.BLOCK
                + FernetFormat.MAC_LEN;
    }

    /**
     * The token as its bytes before base64url ({@code 0x80 || ts || iv || ciphertext || HMAC}), written into
     * {@code out} at {@code outOff}; returns its length ({@link #binaryLength}). The bulk channel's frames
     * carry these: base64url of them is an ordinary Fernet token.
     */
    public int sealBinary(byte[] plaintext, int off, int len, Instant now, SecureRandom random, byte[] out, int outOff) {
        random.nextBytes(iv);
        int cipherLen = (len / FernetFormat.BLOCK + 1) * FernetFormat.BLOCK;
        int total = FernetFormat.HEADER_LEN + cipherLen + FernetFormat.MAC_LEN;
        if (outOff + total > out.length) {
            throw new IllegalArgumentException("no room for a token of " + total + " bytes");
        }
        out[outOff] = Fernet.VERSION;
        long ts = now.getEpochSecond();
        for (int k = 0; k < 8; k++) {
            out[outOff + 1 + k] = (byte) (ts >>> (56 - 8 * k));
        }
        System.arraycopy(iv, 0, out, outOff + 9, FernetFormat.IV_LEN);
        try {
            aes.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            // The whole blocks through update, only the tail through doFinal: given all of a large input,
            // doFinal first copies it into a new array to pad it (a 64 KiB allocation and copy per bulk chunk).
            int whole = len - len % FernetFormat.BLOCK;
            int at = outOff + FernetFormat.HEADER_LEN;
            int n = whole == 0 ? 0 : aes.update(plaintext, off, whole, out, at);
            n += aes.doFinal(plaintext, off + whole, len - whole, out, at + n);
            if (n != cipherLen) {
                throw new IllegalStateException("AES-CBC gave " + n + " bytes, expected " + cipherLen);
            }
            hmac.update(out, outOff, FernetFormat.HEADER_LEN + cipherLen);
            hmac.doFinal(out, outOff + FernetFormat.HEADER_LEN + cipherLen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC or HMAC-SHA256 failed", e);
        }
        return total;
    }

    /** The token (URL-safe base64, ASCII bytes) for {@code plaintext} at {@code now} (whole seconds). */
    public byte[] seal(byte[] plaintext, Instant now, SecureRandom random) {
        random.nextBytes(iv);
        int cipherLen = (plaintext.length / FernetFormat.BLOCK + 1) * FernetFormat.BLOCK;
        byte[] raw = new byte[FernetFormat.HEADER_LEN + cipherLen + FernetFormat.MAC_LEN];
        raw[0] = Fernet.VERSION;
        long ts = now.getEpochSecond();
        for (int k = 0; k < 8; k++) {
            raw[1 + k] = (byte) (ts >>> (56 - 8 * k));
        }
        System.arraycopy(iv, 0, raw, 9, FernetFormat.IV_LEN);
        try {
            aes.init(Cipher.ENCRYPT_MODE, encryptionKey, new IvParameterSpec(iv));
            int n = aes.doFinal(plaintext, 0, plaintext.length, raw, FernetFormat.HEADER_LEN);
            if (n != cipherLen) {
                throw new IllegalStateException("AES-CBC gave " + n + " bytes, expected " + cipherLen);
            }
            hmac.update(raw, 0, FernetFormat.HEADER_LEN + cipherLen);
            hmac.doFinal(raw, FernetFormat.HEADER_LEN + cipherLen);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CBC or HMAC-SHA256 failed", e);
        }
        return BASE64URL.encode(raw);
    }
}
