package dev.parley.identity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TsigKeyTest {
    /** As {@code keymgr -t parley-update hmac-sha256} prints it (a throwaway secret). */
    static final String SECRET = "aHmfQqG3fTzG3ACa8Jn4YxrsbOUIqZwckWEjgSgMyiA=";
    static final String LINE = "hmac-sha256:parley-update:" + SECRET;

    @TempDir
    Path dir;

    @Test
    void parsesTheFormKnsupdateAndNsupdateTake() throws Exception {
        TsigKey k = TsigKey.parse(LINE + "\n");
        assertEquals("hmac-sha256", k.algorithm());
        assertEquals("parley-update", k.name());
        assertArrayEquals(Base64.getDecoder().decode(SECRET), k.secret());
        assertEquals("hmac-sha512", TsigKey.parse("HMAC-SHA512:key.example.:" + SECRET).algorithm());
    }

    @Test
    void neverShowsTheSecret() throws Exception {
        TsigKey k = TsigKey.parse(LINE);
        assertFalse(k.toString().contains(SECRET), k.toString());
        byte[] copy = k.secret();
        copy[0] ^= 1;
        assertArrayEquals(Base64.getDecoder().decode(SECRET), k.secret(), "secret() hands out a copy");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "parley-update:" + SECRET, "hmac-md5:parley-update:" + SECRET, "hmac-sha1:k:" + SECRET,
            "hmac-sha256::" + SECRET, "hmac-sha256:two words:" + SECRET, "hmac-sha256:k:not base64!",
            "hmac-sha256:k:c2hvcnQ=", "hmac-sha256:k:" + SECRET + ":extra", "hmac-sha256:k:" + SECRET + "\nsecond line"})
    void refusesAnythingElseWithoutEchoingIt(String text) {
        IdentityException e = assertThrows(IdentityException.class, () -> TsigKey.parse(text));
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(e.getMessage().contains("ALGORITHM:NAME:SECRET") || e.getMessage().contains("16 bytes"), e.getMessage());
    }

    @Test
    void loadsAPrivateFile() throws Exception {
        Path f = dir.resolve("dns-sd.key");
        Files.writeString(f, LINE + "\n", StandardCharsets.US_ASCII);
        TestFiles.chmod(f, "rw-------");
        assertEquals("parley-update", TsigKey.load(f).name());
        TestFiles.chmod(f, "r--------");
        assertEquals("parley-update", TsigKey.load(f).name());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"})
    void refusesAFileOthersCanReachAndSaysHowToFixIt(String mode) throws Exception {
        Path f = dir.resolve("dns-sd.key");
        Files.writeString(f, LINE + "\n", StandardCharsets.US_ASCII);
        TestFiles.chmod(f, mode);
        IdentityException e = assertThrows(IdentityException.class, () -> TsigKey.load(f));
        assertTrue(e.getMessage().contains("too open") && e.getMessage().contains("chmod 600"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aMalformedFileIsNamedButNotQuoted() throws Exception {
        Path f = dir.resolve("dns-sd.key");
        Files.writeString(f, "key \"parley-update\" { secret \"" + SECRET + "\"; };\n", StandardCharsets.US_ASCII);
        TestFiles.chmod(f, "rw-------");
        IdentityException e = assertThrows(IdentityException.class, () -> TsigKey.load(f));
        assertTrue(e.getMessage().startsWith("TSIG key file " + f + ": "), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    }

    @Test
    void aMissingFileOrAFolderIsRefused() throws Exception {
        assertTrue(assertThrows(IdentityException.class, () -> TsigKey.load(dir.resolve("nope"))).getMessage()
                .contains("does not exist"));
        assertTrue(assertThrows(IdentityException.class, () -> TsigKey.load(dir)).getMessage()
                .contains("not a regular file"));
    }

    @Test
    void aHugeFileIsRefusedUnread() throws Exception {
        Path f = dir.resolve("big.key");
        Files.writeString(f, LINE + "\n" + "#".repeat(TsigKey.MAX_FILE_BYTES), StandardCharsets.US_ASCII);
        TestFiles.chmod(f, "rw-------");
        assertTrue(assertThrows(IdentityException.class, () -> TsigKey.load(f)).getMessage().contains("larger than"));
    }
}
