package dev.parley.crypto;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;
import com.macasaet.fernet.TokenValidationException;
import com.macasaet.fernet.Validator;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.TemporalAmount;
import java.util.function.Function;
import javax.crypto.spec.IvParameterSpec;

/**
 * Fernet tokens through fernet-java8, with the clock and randomness passed in so that sealing is
 * deterministic under test. Thread-safe.
 */
public final class Fernet {
    public static final byte VERSION = (byte) 0x80;

    private Fernet() {}

    /** A fernet-java8 key from 32 raw bytes: 16 signing || 16 encryption. */
    public static Key key(byte[] raw32) {
        if (raw32.length != 32) {
            throw new IllegalArgumentException("a Fernet key is 32 bytes");
        }
        return new Key(raw32);
    }

    /** Seals plaintext into a token string (URL-safe base64, as the Fernet spec says). */
    public static String seal(Key key, byte[] plaintext, Instant now, SecureRandom random) {
        byte[] ivBytes = new byte[16];
        random.nextBytes(ivBytes);
        IvParameterSpec iv = new IvParameterSpec(ivBytes);
        Instant ts = Instant.ofEpochSecond(now.getEpochSecond());
        byte[] cipherText = key.encrypt(plaintext, iv);
        byte[] hmac = key.sign(VERSION, ts, iv, cipherText);
        return new SealedToken(ts, iv, cipherText, hmac).serialise();
    }

    /**
     * Opens a token. Any failure (malformed, bad MAC, expired, from the future) is one exception
     * with no detail about which check failed.
     */
    public static byte[] open(Key key, String token, Validator<byte[]> validator) throws InvalidTokenException {
        if (!FernetFormat.canonical(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) { // fernet-java8 would take an unpadded token too
            throw new InvalidTokenException(null);
        }
        try {
            return Token.fromString(token).validateAndDecrypt(key, validator);
        } catch (TokenValidationException | IllegalArgumentException | DateTimeException e) {
            // DateTimeException: Token.fromBytes turns the 8-byte timestamp into an Instant, which
            // throws for values beyond Instant's range; that is a malformed token like any other.
            throw new InvalidTokenException(e);
        }
    }

    /**
     * A validator for raw bytes with the given clock, time-to-live and tolerated clock skew. Both bounds
     * are exclusive in fernet-java8 (valid while ts > now - ttl and ts < now + maxSkew), one second
     * tighter than the Fernet spec's inclusive ones for whole-second timestamps.
     */
    public static Validator<byte[]> validator(Clock clock, Duration ttl, Duration maxSkew) {
        return new Validator<>() {
            @Override public Clock getClock() { return clock; }
            @Override public TemporalAmount getTimeToLive() { return ttl; }
            @Override public TemporalAmount getMaxClockSkew() { return maxSkew; }
            @Override public Function<byte[], byte[]> getTransformer() { return Function.identity(); }
        };
    }

    /** Token's constructor is protected; this is how a token gets an injected timestamp and IV. */
    private static final class SealedToken extends Token {
        SealedToken(Instant ts, IvParameterSpec iv, byte[] cipherText, byte[] hmac) {
            super(VERSION, ts, iv, cipherText, hmac);
        }
    }

    /** A token that failed validation, for whatever reason; deliberately without detail. */
    public static final class InvalidTokenException extends Exception {
        InvalidTokenException(Throwable cause) {
            super("invalid token", cause);
        }
    }
}
