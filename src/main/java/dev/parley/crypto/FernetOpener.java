package dev.parley.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens Fernet tokens under one key with one time rule, accepting and refusing exactly what
 * {@link Fernet#open} with {@link Fernet#validator} does (fernet-java8's rules: version 0x80, at least
 * 73 bytes, valid while {@code ts > now - ttl} and {@code ts < now + maxSkew}, then the MAC, then the
 * padding), but with the AES and HMAC engines made and keyed once. Any failure is one
 * {@link Fernet.InvalidTokenException} without detail. Not thread-safe: one reader thread.
 */
public final class FernetOpener {
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    /** Instant's own range: fernet-java8 cannot even represent a timestamp beyond it. */
    private static final long MIN_SECOND = Instant.MIN.getEpochSecond();
    private static final long MAX_SECOND = Instant.MAX.getEpochSecond();

    private final SecretKeySpec encryptionKey;
    private final Cipher aes;
    private final Mac hmac;
    private final byte[] mac = new byte[FernetFormat.MAC_LEN];
    private final Clock clock;
    private final Duration ttl;
    private final Duration maxSkew;

    /** @param raw32 16 signing bytes || 16 encryption bytes, as {@link Fernet#key} takes */
    public FernetOpener(byte[] raw32, Clock clock, Duration ttl, Duration maxSkew) {
        FernetFormat.checkKey(raw32);
        this.encryptionKey = FernetFormat.encryptionKey(raw32);
        this.aes = FernetFormat.aes();
        this.hmac = FernetFormat.hmac(raw32);
        this.clock = clock;
        this.ttl = ttl;
        this.maxSkew = maxSkew;
    }

    /** The plaintext of a token given as its ASCII bytes. */
    public byte[] open(byte[] token) throws Fernet.InvalidTokenException {
        byte[] raw;
        if (!FernetFormat.canonical(token)) {
            throw new Fernet.InvalidTokenException(null);
        }
        try {
            raw = BASE64URL.decode(token);
        } catch (IllegalArgumentException e) {
            throw new Fernet.InvalidTokenException(e);
        }
        if (raw.length < FernetFormat.HEADER_LEN + FernetFormat.BLOCK + FernetFormat.MAC_LEN || raw[0] != Fernet.VERSION) {
            throw new Fernet.InvalidTokenException(null);
        }
        checkTime(raw);
        int signed = raw.length - FernetFormat.MAC_LEN;
        try {
            hmac.update(raw, 0, signed);
            hmac.doFinal(mac, 0);
            if (!MessageDigest.isEqual(mac, java.util.Arrays.copyOfRange(raw, signed, raw.length))) {
                throw new Fernet.InvalidTokenException(null);
            }
            aes.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(raw, 9, FernetFormat.IV_LEN));
            return aes.doFinal(raw, FernetFormat.HEADER_LEN, signed - FernetFormat.HEADER_LEN);
        } catch (GeneralSecurityException e) {
            throw new Fernet.InvalidTokenException(e);
        }
    }

    /**
     * Opens a token given as its bytes before base64url ({@code raw[off..off+len)}), with the same checks as
     * {@link #open}, decrypting into {@code out} (at least {@code len} bytes); returns the plaintext length.
     * The MAC is checked, in constant time, before anything is decrypted.
     */
    public int openBinary(byte[] raw, int off, int len, byte[] out) throws Fernet.InvalidTokenException {
        if (len < FernetFormat.HEADER_LEN + FernetFormat.BLOCK + FernetFormat.MAC_LEN || raw[off] != Fernet.VERSION
                || (len - FernetFormat.HEADER_LEN - FernetFormat.MAC_LEN) % FernetFormat.BLOCK != 0) {
            throw new Fernet.InvalidTokenException(null);
        }
        checkTime(raw, off);
        int signed = len - FernetFormat.MAC_LEN;
        try {
            hmac.update(raw, off, signed);
            hmac.doFinal(mac, 0);
            int diff = 0;
            for (int i = 0; i < FernetFormat.MAC_LEN; i++) {
                diff |= mac[i] ^ raw[off + signed + i];
            }
            if (diff != 0) {
                throw new Fernet.InvalidTokenException(null);
            }
            aes.init(Cipher.DECRYPT_MODE, encryptionKey, new IvParameterSpec(raw, off + 9, FernetFormat.IV_LEN));
            // All but the last block through update, the last (with the padding) through doFinal: given all
            // of a large ciphertext, doFinal decrypts into a new array and copies it out (per bulk chunk).
            int cipherLen = signed - FernetFormat.HEADER_LEN;
            int head = cipherLen - FernetFormat.BLOCK;
            int start = off + FernetFormat.HEADER_LEN;
            int n = head == 0 ? 0 : aes.update(raw, start, head, out, 0);
            return n + aes.doFinal(raw, start + head, FernetFormat.BLOCK, out, n);
        } catch (GeneralSecurityException e) {
            throw new Fernet.InvalidTokenException(e);
        }
    }

    private void checkTime(byte[] raw) throws Fernet.InvalidTokenException {
        checkTime(raw, 0);
    }

    private void checkTime(byte[] raw, int off) throws Fernet.InvalidTokenException {
        long ts = 0;
        for (int k = 1; k <= 8; k++) {
            ts = (ts << 8) | (raw[off + k] & 0xff);
        }
        if (ts < MIN_SECOND || ts > MAX_SECOND) {
            throw new Fernet.InvalidTokenException(null);
        }
        Instant at = Instant.ofEpochSecond(ts);
        Instant now = clock.instant();
        if (!at.isAfter(now.minus(ttl)) || !at.isBefore(now.plus(maxSkew))) {
            throw new Fernet.InvalidTokenException(null);
        }
    }
}
