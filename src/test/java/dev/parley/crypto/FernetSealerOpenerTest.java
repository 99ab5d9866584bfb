package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.macasaet.fernet.Key;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FernetSealer} and {@link FernetOpener}, the engines records go through, against the Fernet
 * spec's vectors and against fernet-java8 ({@link Fernet#seal}, {@link Fernet#open}) both ways, at
 * every padding length and at record sizes up to the protocol's limit.
 */
class FernetSealerOpenerTest {
    private static final Duration SKEW = Duration.ofSeconds(61);

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.parley.crypto.FernetSpecTest#generate")
    void sealingWithTheVectorsIvAndTimeGivesTheVectorsToken(FernetSpecTest.Vector v) {
        byte[] token = new FernetSealer(v.secret()).seal(v.src().getBytes(StandardCharsets.UTF_8), v.now(),
                new FixedRandom(v.iv()));
        assertEquals(v.token(), new String(token, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.parley.crypto.FernetSpecTest#verify")
    void verifyVectorsOpenToTheirSource(FernetSpecTest.Vector v) throws Exception {
        assertEquals(v.src(), new String(opener(v.secret(), v.now(), v.ttlSec()).open(ascii(v.token())),
                StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.parley.crypto.FernetSpecTest#invalid")
    void invalidVectorsAreRefused(FernetSpecTest.Vector v) {
        FernetOpener o = opener(v.secret(), v.now(), v.ttlSec());
        assertThrows(Fernet.InvalidTokenException.class, () -> o.open(ascii(v.token())));
    }

    @Test
    void timeBoundsAreFernetJava8sExclusiveOnes() throws Exception {
        FernetSpecTest.Vector v = FernetSpecTest.verify().get(0);
        Instant ts = Instant.ofEpochSecond(ByteBuffer.wrap(Base64.getUrlDecoder().decode(v.token())).getLong(1));
        byte[] token = ascii(v.token());
        assertEquals("hello", new String(opener(v.secret(), ts.plusSeconds(60), 60).open(token), StandardCharsets.UTF_8));
        assertThrows(Fernet.InvalidTokenException.class, () -> opener(v.secret(), ts.plusSeconds(61), 60).open(token));
        assertEquals("hello", new String(opener(v.secret(), ts.minusSeconds(60), 60).open(token), StandardCharsets.UTF_8));
        assertThrows(Fernet.InvalidTokenException.class, () -> opener(v.secret(), ts.minusSeconds(61), 60).open(token));
    }

    @Test
    void aTimestampBeyondInstantsRangeIsAnInvalidToken() throws IOException {
        FernetSpecTest.Vector v = FernetSpecTest.verify().get(0);
        for (long ts : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Instant.MAX.getEpochSecond() + 1}) {
            byte[] raw = Base64.getUrlDecoder().decode(v.token());
            ByteBuffer.wrap(raw).putLong(1, ts);
            FernetOpener o = opener(v.secret(), v.now(), v.ttlSec());
            assertThrows(Fernet.InvalidTokenException.class, () -> o.open(Base64.getUrlEncoder().encode(raw)));
        }
    }

    /**
     * Only the canonical padded form opens, in the record opener and in the handshake's: an unpadded
     * token (which the reference Fernet refuses), a trailing newline, and another spelling of the same
     * bytes (nonzero unused bits in the last character) are invalid; every length of padding is covered.
     */
    @Test
    void onlyTheCanonicalPaddedFormOpens() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        FernetOpener opener = new FernetOpener(raw, clock, Duration.ofMinutes(5), SKEW);
        java.util.Set<Integer> pads = new java.util.HashSet<>();
        for (int len : new int[] {0, 16, 32}) { // 73, 89 and 105 bytes: "==", "=" and no padding
            byte[] plain = new byte[len];
            String token = new String(new FernetSealer(raw).seal(plain, now, random), StandardCharsets.US_ASCII);
            int pad = token.length() - token.replace("=", "").length();
            pads.add(pad);
            assertArrayEquals(plain, opener.open(ascii(token)));
            List<String> bad = new java.util.ArrayList<>(List.of(token + "\n", token + "\r\n", " " + token));
            if (pad > 0) {
                bad.add(token.substring(0, token.length() - pad)); // unpadded
                char last = token.charAt(token.length() - pad - 1);
                bad.add(token.substring(0, token.length() - pad - 1) + (char) (last + 1) + "=".repeat(pad));
            }
            for (String b : bad) {
                assertThrows(Fernet.InvalidTokenException.class, () -> opener.open(ascii(b)), "records: " + b);
                assertThrows(Fernet.InvalidTokenException.class, () -> Fernet.open(Fernet.key(raw), b,
                        Fernet.validator(clock, Duration.ofMinutes(5), SKEW)), "handshake: " + b);
            }
        }
        assertEquals(java.util.Set.of(0, 1, 2), pads);
    }

    @Test
    void nonAsciiBytesAreAnInvalidToken() throws IOException {
        FernetSpecTest.Vector v = FernetSpecTest.verify().get(0);
        byte[] token = ascii(v.token());
        token[5] = (byte) 0xc3;
        FernetOpener o = opener(v.secret(), v.now(), v.ttlSec());
        assertThrows(Fernet.InvalidTokenException.class, () -> o.open(token));
    }

    /** Sealed by one side, opened by the other, for every plaintext length from 0 to 100 and a few large ones. */
    @Test
    void tokensOpenWithFernetJava8AndTheOtherWayRound() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Key key = Fernet.key(raw);
        Instant now = Instant.parse("2025-06-01T12:00:00.250Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        FernetSealer sealer = new FernetSealer(raw);
        FernetOpener opener = new FernetOpener(raw, clock, Duration.ofMinutes(5), SKEW);
        Random sizes = new Random(42);
        for (int len = 0; len < 140; len++) {
            byte[] plain = new byte[len < 100 ? len : 100 + sizes.nextInt(32_768)];
            random.nextBytes(plain);
            byte[] ours = sealer.seal(plain, now, random);
            assertArrayEquals(plain, Fernet.open(key, new String(ours, StandardCharsets.US_ASCII),
                    Fernet.validator(clock, Duration.ofMinutes(5), SKEW)), "fernet-java8 opens ours, length " + plain.length);
            String theirs = Fernet.seal(key, plain, now, random);
            assertArrayEquals(plain, opener.open(ascii(theirs)), "we open fernet-java8's, length " + plain.length);
        }
    }

    /**
     * Binary tokens (the bulk channel's) at every padding length and around the bulk chunk's size, at an
     * offset in their buffers: base64url of one is a token fernet-java8 opens, and one of fernet-java8's
     * opens from its bytes; the plaintext comes back exactly (whole blocks go through the cipher's update,
     * the tail through doFinal).
     */
    @Test
    void binaryTokensAreFernetTokensAtEveryPaddingLength() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Key key = Fernet.key(raw);
        Instant now = Instant.parse("2025-06-01T12:00:00.250Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        FernetSealer sealer = new FernetSealer(raw);
        FernetOpener opener = new FernetOpener(raw, clock, Duration.ofMinutes(5), SKEW);
        List<Integer> lengths = new java.util.ArrayList<>();
        for (int len = 0; len <= 48; len++) {
            lengths.add(len);
        }
        lengths.addAll(List.of(65_408 + 20, 65_408 + 21, 65_424, 65_440, 65_455));
        byte[] out = new byte[3 + FernetSealer.binaryLength(65_455)];
        byte[] into = new byte[65_472];
        for (int len : lengths) {
            byte[] plain = new byte[5 + len];
            random.nextBytes(plain);
            int n = sealer.sealBinary(plain, 5, len, now, random, out, 3);
            assertEquals(FernetSealer.binaryLength(len), n);
            byte[] token = java.util.Arrays.copyOfRange(out, 3, 3 + n);
            byte[] expected = java.util.Arrays.copyOfRange(plain, 5, 5 + len);
            assertArrayEquals(expected, Fernet.open(key, Base64.getUrlEncoder().encodeToString(token),
                    Fernet.validator(clock, Duration.ofMinutes(5), SKEW)), "fernet-java8 opens ours, length " + len);
            int m = opener.openBinary(out, 3, n, into);
            assertEquals(len, m);
            assertArrayEquals(expected, java.util.Arrays.copyOf(into, m), "we open our own, length " + len);
            byte[] theirs = Base64.getUrlDecoder().decode(Fernet.seal(key, expected, now, random));
            assertEquals(len, opener.openBinary(theirs, 0, theirs.length, into));
            assertArrayEquals(expected, java.util.Arrays.copyOf(into, len), "we open fernet-java8's, length " + len);
        }
    }

    @Test
    void aTokenUnderAnotherKeyOrWithAFlippedBitIsRefused() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Instant now = Instant.parse("2025-06-01T12:00:00Z");
        FernetOpener opener = new FernetOpener(raw, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5), SKEW);
        byte[] token = new FernetSealer(raw).seal("parley".getBytes(StandardCharsets.UTF_8), now, random);
        for (int i = 0; i < 32; i++) {
            byte[] other = raw.clone();
            other[i] ^= 1;
            FernetOpener wrong = new FernetOpener(other, Clock.fixed(now, ZoneOffset.UTC), Duration.ofMinutes(5), SKEW);
            if (i < 16) { // the signing half: the MAC fails, always
                assertThrows(Fernet.InvalidTokenException.class, () -> wrong.open(token.clone()), "signing byte " + i);
            } else {
                // The encryption half: the MAC still holds (Fernet encrypts, then MACs under the other
                // half), so only the padding may catch it, and by chance it may not: never the plaintext.
                try {
                    byte[] got = wrong.open(token.clone());
                    assertFalse(java.util.Arrays.equals("parley".getBytes(StandardCharsets.UTF_8), got), "encryption byte " + i);
                } catch (Fernet.InvalidTokenException expected) {
                    // the usual outcome: bad padding
                }
            }
        }
        byte[] decoded = Base64.getUrlDecoder().decode(token);
        for (int i = 0; i < decoded.length; i++) {
            byte[] flipped = decoded.clone();
            flipped[i] ^= 0x10;
            byte[] t = Base64.getUrlEncoder().encode(flipped);
            assertThrows(Fernet.InvalidTokenException.class, () -> opener.open(t), "bit flipped in byte " + i);
        }
    }

    @Test
    void aKeyMustBe32Bytes() {
        Clock clock = Clock.systemUTC();
        assertThrows(IllegalArgumentException.class, () -> new FernetSealer(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new FernetOpener(new byte[33], clock, SKEW, SKEW));
    }

    /** The spec's inclusive bounds, as {@link FernetSpecTest#specValidator} gives them to fernet-java8. */
    private static FernetOpener opener(byte[] secret, Instant now, int ttlSec) {
        return new FernetOpener(secret, Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(ttlSec + 1L), SKEW);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
