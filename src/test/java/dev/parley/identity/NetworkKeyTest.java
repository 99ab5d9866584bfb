package dev.parley.identity;

import static dev.parley.identity.TestFiles.chmod;
import static dev.parley.identity.TestFiles.mode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.macasaet.fernet.Key;
import dev.parley.crypto.Fernet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NetworkKeyTest {
    /**
     * Made by Python cryptography 48: {@code Fernet.generate_key()}, and with it
     * {@code Fernet(key)._encrypt_from_parts(b"hello from python", 1700000000, bytes(range(16)))}.
     */
    private static final String PYTHON_KEY = "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=";
    private static final String PYTHON_TOKEN = "gAAAAABlU_EAAAECAwQFBgcICQoLDA0ODzmkxIdBBUZkgASlTeDb6xOvbFi8CWbpBC_pTy0GXQE"
            + "HGNxtsEERKoREMmOTCaeqMwePBn-7T1SXDFp9COTaVVE=";

    @TempDir
    Path tmp;

    @Test
    void generateWritesAFernetKeyLikePythonsGenerateKey() throws Exception {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0xf0 + i); // makes '-' and '_' appear: URL-safe, not standard, base64
        }
        Path file = tmp.resolve("key.key");
        NetworkKey.generate(file, TestFiles.yielding(raw));

        String text = Files.readString(file, StandardCharsets.US_ASCII);
        assertEquals(Base64.getUrlEncoder().encodeToString(raw), text);
        assertEquals(44, text.length());
        assertTrue(text.endsWith("="), "padded");
        assertTrue(text.contains("-") || text.contains("_"), text);
        assertEquals("rw-------", mode(file));
        try (Stream<Path> files = Files.list(tmp)) {
            assertEquals(List.of(file), files.toList(), "no temp file is left behind");
        }
    }

    @Test
    void theKeyLoadsBackAndRoundTripsThroughFernetJava8() throws Exception {
        Path file = tmp.resolve("key.key");
        NetworkKey.generate(file, new SecureRandom());
        String text = Files.readString(file, StandardCharsets.US_ASCII);

        byte[] raw = NetworkKey.load(file);

        assertEquals(32, raw.length);
        assertEquals(text, Base64.getUrlEncoder().encodeToString(raw));
        assertEquals(new Key(text).serialise(), Base64.getUrlEncoder().encodeToString(raw));
        assertEquals(new Key(text), Fernet.key(raw));
    }

    @Test
    void aKeyFromPythonOpensAPythonToken() throws Exception {
        Path file = tmp.resolve("key.key");
        Files.writeString(file, PYTHON_KEY);
        chmod(file, "rw-------");

        byte[] raw = NetworkKey.load(file);

        Instant now = Instant.ofEpochSecond(1_700_000_030L);
        byte[] plain = Fernet.open(Fernet.key(raw), PYTHON_TOKEN,
                Fernet.validator(Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(60), Duration.ofSeconds(60)));
        assertEquals("hello from python", new String(plain, StandardCharsets.UTF_8));
    }

    @Test
    void generateRefusesToOverwriteAndLeavesTheOldKey() throws Exception {
        Path file = tmp.resolve("key.key");
        NetworkKey.generate(file, new SecureRandom());
        byte[] before = Files.readAllBytes(file);

        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.generate(file, new SecureRandom()));

        assertTrue(e.getMessage().startsWith(file + " already exists; refusing to overwrite it"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
    }

    @Test
    void generateRefusesAnExistingSymlinkEvenADanglingOne() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("key.key"), tmp.resolve("nowhere"));
        assertThrows(IdentityException.class, () -> NetworkKey.generate(link, new SecureRandom()));
        assertFalse(Files.exists(tmp.resolve("nowhere")));
    }

    @Test
    void generateIntoAMissingFolderIsAClearError() {
        Path file = tmp.resolve("missing").resolve("key.key");
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.generate(file, new SecureRandom()));
        assertTrue(e.getMessage().contains(tmp.resolve("missing") + " does not exist"), e.getMessage());
    }

    @Test
    void aKeyOfZeroBytesIsRefusedForItIsNoKey() throws Exception {
        Path file = tmp.resolve("key.key");
        Files.writeString(file, Base64.getUrlEncoder().encodeToString(new byte[32]) + "\n");
        chmod(file, "rw-------");
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(file));
        assertEquals("network key file " + file + " holds 32 zero bytes, which is the same as no network key; make a"
                + " real one with 'parley keygen FILE'", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {PYTHON_KEY + "\n", "  " + PYTHON_KEY + " \r\n", "\n" + PYTHON_KEY, "\t" + PYTHON_KEY + "\n\n"})
    void loadToleratesSurroundingWhitespace(String content) throws Exception {
        Path file = tmp.resolve("key.key");
        Files.writeString(file, content);
        chmod(file, "rw-------");
        assertArrayEquals(Base64.getUrlDecoder().decode(PYTHON_KEY), NetworkKey.load(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI", // no padding
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJL==", // 31 bytes
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLIA", // 33 bytes
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=9Bjt", // trailing junk
        "+Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=", // standard, not URL-safe, base64
        "9Bjt8LOo iSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=",
        "gAAAAABlU_EAAAECAwQFBgcICQoLDA0ODzmkxIdBBUZkgASlTeDb6xOvbFi8CWbpBC_pTy0GXQE", // a token, not a key
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLJ=", // the same bytes, spelt with nonzero unused bits
        "9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=\u000b", // whitespace other than space, tab, CR, LF
        "\u001c9Bjt8LOoiSZzaejJJhJB3XSh8EAfzzPX7P5MCB1zJLI=",
    })
    void loadRefusesMalformedKeysWithoutShowingThem(String content) throws Exception {
        Path file = tmp.resolve("key.key");
        Files.writeString(file, content);
        chmod(file, "rw-------");

        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(file));

        assertTrue(e.getMessage().startsWith("network key file " + file + " is malformed"), e.getMessage());
        assertTrue(content.isEmpty() || !e.getMessage().contains(content.strip()), "the key is not echoed");
    }

    @Test
    void loadRefusesAHugeFile() throws Exception {
        Path file = tmp.resolve("key.key");
        Files.write(file, new byte[1 << 20]);
        chmod(file, "rw-------");
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(file));
        assertTrue(e.getMessage().contains("malformed"), e.getMessage());
    }

    @Test
    void loadOfAMissingFileSaysSo() {
        Path file = tmp.resolve("nope.key");
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(file));
        assertEquals("network key file " + file + " does not exist", e.getMessage());
    }

    @Test
    void loadOfAFolderSaysSo() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("key.key"));
        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(dir));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw-----w-"})
    void loadRefusesAKeyOthersCanReach(String perms) throws Exception {
        Path file = tmp.resolve("key.key");
        NetworkKey.generate(file, new SecureRandom());
        chmod(file, perms);

        IdentityException e = assertThrows(IdentityException.class, () -> NetworkKey.load(file));

        assertTrue(e.getMessage().matches("permissions 0\\d{3} for '" + java.util.regex.Pattern.quote(file.toString())
                + "' are too open.*"), e.getMessage());
    }

    @Test
    void aReadOnlyFolderIsAClearError() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(TestFiles.permissionsAreBypassed(tmp),
                "running as root: folder permissions do not apply");
        Path dir = Files.createDirectory(tmp.resolve("ro"));
        chmod(dir, "r-x------");
        try {
            IdentityException e = assertThrows(IdentityException.class,
                    () -> NetworkKey.generate(dir.resolve("key.key"), new SecureRandom()));
            assertEquals("cannot write " + dir.resolve("key.key") + ": permission denied", e.getMessage());
        } finally {
            chmod(dir, "rwx------");
        }
    }
}
