package dev.parley.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.macasaet.fernet.Key;
import com.macasaet.fernet.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Fernet spec's own vectors (github.com/fernet/spec, generate.json, verify.json, invalid.json,
 * transcribed unchanged into src/test/resources/fernet/) run through {@link Fernet}, the code path
 * Parley seals and opens records with.
 */
class FernetSpecTest {

    /** One vector; fields absent from a file stay null / 0. */
    record Vector(String desc, String token, Instant now, int ttlSec, byte[] iv, String src, byte[] secret) {
        @Override
        public String toString() {
            return desc != null ? desc : token.substring(0, 20) + "...";
        }
    }

    static List<Vector> generate() throws IOException {
        return load("generate.json");
    }

    static List<Vector> verify() throws IOException {
        return load("verify.json");
    }

    static List<Vector> invalid() throws IOException {
        return load("invalid.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generate")
    void sealingWithTheVectorsIvAndTimeGivesTheVectorsToken(Vector v) {
        String token = Fernet.seal(Fernet.key(v.secret()), v.src().getBytes(StandardCharsets.UTF_8), v.now(),
                new FixedRandom(v.iv()));
        assertEquals(v.token(), token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("verify")
    void verifyVectorsOpenToTheirSource(Vector v) throws Fernet.InvalidTokenException {
        byte[] plain = Fernet.open(Fernet.key(v.secret()), v.token(), specValidator(v.now(), v.ttlSec()));
        assertEquals(v.src(), new String(plain, StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidVectorsAreRefused(Vector v) {
        assertInvalid(() -> Fernet.open(Fernet.key(v.secret()), v.token(), specValidator(v.now(), v.ttlSec())));
    }

    @Test
    void theInvalidFileCoversEveryCaseTheSpecLists() throws IOException {
        List<String> descs = invalid().stream().map(Vector::desc).toList();
        assertEquals(List.of("incorrect mac", "too short", "invalid base64", "payload size not multiple of block size",
                "payload padding error", "far-future TS (unacceptable clock skew)", "expired TTL",
                "incorrect IV (causes padding error)"), descs);
    }

    /*
     * The spec's time rules, as the reference implementations apply them: a token is valid while
     * ts >= now - ttl and ts <= now + 60 s. fernet-java8's bounds are exclusive (ts > now - ttl and
     * ts < now + skew). Timestamps are whole seconds, so ttl + 1 s and 60 + 1 s give exactly the spec's
     * inclusive bounds. The four tests below pin each bound from both sides.
     */
    private static final Duration SPEC_MAX_CLOCK_SKEW = Duration.ofSeconds(60);

    static Validator<byte[]> specValidator(Instant now, int ttlSec) {
        return Fernet.validator(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(ttlSec + 1L),
                SPEC_MAX_CLOCK_SKEW.plusSeconds(1));
    }

    @Test
    void aTokenExactlyTtlOldIsStillValidAndOneSecondLaterIsNot() throws Exception {
        Vector v = verify().get(0);
        Instant ts = tokenTime(v.token());
        Key key = Fernet.key(v.secret());
        assertEquals("hello", new String(Fernet.open(key, v.token(), specValidator(ts.plusSeconds(60), 60)),
                StandardCharsets.UTF_8));
        assertInvalid(() -> Fernet.open(key, v.token(), specValidator(ts.plusSeconds(61), 60)));
    }

    @Test
    void aToken60SecondsInTheFutureIsStillValidAnd61IsNot() throws Exception {
        Vector v = verify().get(0);
        Instant ts = tokenTime(v.token());
        Key key = Fernet.key(v.secret());
        assertEquals("hello", new String(Fernet.open(key, v.token(), specValidator(ts.minusSeconds(60), 60)),
                StandardCharsets.UTF_8));
        assertInvalid(() -> Fernet.open(key, v.token(), specValidator(ts.minusSeconds(61), 60)));
    }

    @Test
    void theRightTokenUnderAnotherKeyIsRefused() throws IOException {
        Vector v = verify().get(0);
        byte[] other = v.secret().clone();
        other[0] ^= 1; // the signing half
        assertInvalid(() -> Fernet.open(Fernet.key(other), v.token(), specValidator(v.now(), v.ttlSec())));
    }

    /**
     * A timestamp outside java.time.Instant's range makes fernet-java8's Token.fromBytes throw
     * DateTimeException; it must still come out as the one "invalid token" failure, not escape.
     */
    @Test
    void aTimestampBeyondInstantsRangeIsAnInvalidTokenNotACrash() throws IOException {
        Vector v = verify().get(0);
        byte[] raw = Base64.getUrlDecoder().decode(v.token());
        ByteBuffer.wrap(raw).putLong(1, Long.MAX_VALUE);
        String token = Base64.getUrlEncoder().encodeToString(raw);
        assertInvalid(() -> Fernet.open(Fernet.key(v.secret()), token, specValidator(v.now(), v.ttlSec())));
    }

    @Test
    void sealThenOpenRoundTripsAndEveryTokenIsFresh() throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        Key key = Fernet.key(raw);
        Instant now = Instant.parse("2024-01-01T00:00:00.750Z");
        byte[] msg = "parley".getBytes(StandardCharsets.UTF_8);
        String a = Fernet.seal(key, msg, now, random);
        String b = Fernet.seal(key, msg, now, random);
        assertFalse(a.equals(b), "a fresh IV each time");
        assertArrayEquals(msg, Fernet.open(key, a, specValidator(now, 60)));
    }

    @Test
    void aKeyMustBe32Bytes() {
        // fernet-java8's own Key(byte[]) zero-pads a 16..31-byte input and ignores bytes past 32.
        assertThrows(IllegalArgumentException.class, () -> Fernet.key(new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> Fernet.key(new byte[33]));
    }

    private static void assertInvalid(Executable open) {
        assertThrows(Fernet.InvalidTokenException.class, open);
    }

    private static Instant tokenTime(String token) {
        return Instant.ofEpochSecond(ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)).getLong(1));
    }

    private static List<Vector> load(String name) throws IOException {
        try (InputStream in = FernetSpecTest.class.getResourceAsStream("/fernet/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource fernet/" + name);
            }
            JsonArray cases = JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonArray();
            List<Vector> out = new ArrayList<>();
            for (JsonElement e : cases) {
                out.add(vector(e.getAsJsonObject()));
            }
            return out;
        }
    }

    private static Vector vector(JsonObject o) {
        byte[] iv = null;
        if (o.has("iv")) {
            JsonArray a = o.getAsJsonArray("iv");
            iv = new byte[a.size()];
            for (int i = 0; i < iv.length; i++) {
                iv[i] = (byte) a.get(i).getAsInt();
            }
        }
        return new Vector(
                o.has("desc") ? o.get("desc").getAsString() : null,
                o.get("token").getAsString(),
                OffsetDateTime.parse(o.get("now").getAsString()).toInstant(),
                o.has("ttl_sec") ? o.get("ttl_sec").getAsInt() : 0,
                iv,
                o.has("src") ? o.get("src").getAsString() : null,
                Base64.getUrlDecoder().decode(o.get("secret").getAsString()));
    }
}
