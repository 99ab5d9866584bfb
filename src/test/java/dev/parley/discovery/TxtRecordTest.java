package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TxtRecordTest {
    static final String FP = "SHA256:" + "A".repeat(42) + "E"; // 32 bytes, canonical
    static final String FP2 = "SHA256:Ab3dE9xQ" + "B".repeat(34) + "I";

    /** Builds raw TXT bytes from "key=value" strings (each may be raw bytes). */
    static byte[] txt(byte[]... strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : strings) {
            out.write(s.length);
            out.write(s, 0, s.length);
        }
        return out.toByteArray();
    }

    static byte[] s(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aNicknameFromTheNetworkIsSanitisedAndCutOnACodePoint() {
        assertEquals("red", TxtRecord.nickname("\u001B[1;31mred\u001B[0m"));
        String s = TxtRecord.nickname("\uD83D\uDE00".repeat(20)); // 4 bytes each
        assertEquals(16, s.codePointCount(0, s.length()));
        assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= 64);
    }

    @Test
    void encodesOurKeysAndParsesThemBack() throws Exception {
        byte[] encoded = TxtRecord.encode(new Advertisement("alice", FP, 7447, 1, 1, true));
        assertArrayEquals(txt(s("v=1"), s("nick=alice"), s("fp=" + FP), s("nk=1")), encoded);
        assertEquals(new TxtRecord(FP, "alice", 1, 1, true), TxtRecord.parse(encoded));
    }

    @Test
    void encodesAVersionRangeAsVminAndVmax() throws Exception {
        byte[] encoded = TxtRecord.encode(new Advertisement("bob", FP, 7447, 1, 3, false));
        TxtRecord parsed = TxtRecord.parse(encoded);
        assertEquals(1, parsed.minVersion());
        assertEquals(3, parsed.maxVersion());
        assertFalse(new String(encoded, StandardCharsets.UTF_8).contains("v=1\u0004"));
    }

    @Test
    void encodedNicknameIsSanitisedToo() throws Exception {
        byte[] encoded = TxtRecord.encode(new Advertisement("\u001B[2Jeve\u202E", FP, 7447, 1, 1, false));
        assertEquals("eve", TxtRecord.parse(encoded).nickname());
    }

    @Test
    void rejectsARecordLargerThanTheBound() {
        byte[][] many = new byte[8][];
        Arrays.fill(many, s("x=" + "y".repeat(200)));
        byte[] big = txt(many);
        assertTrue(big.length > TxtRecord.MAX_BYTES);
        InvalidTxtException e = assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(big));
        assertTrue(e.getMessage().contains("larger than"));
    }

    @Test
    void rejectsALengthThatOverrunsTheRecord() {
        byte[] bad = {10, 'f', 'p', '='};
        assertEquals("TXT string overruns the record",
                assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(bad)).getMessage());
    }

    @Test
    void rejectsTooManyStrings() {
        byte[][] many = new byte[TxtRecord.MAX_ENTRIES + 1][];
        Arrays.fill(many, s("a=b"));
        many[0] = s("fp=" + FP);
        assertTrue(assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(many)))
                .getMessage().contains("TXT strings"));
    }

    @Test
    void rejectsMissingOrMalformedFingerprints() {
        String[] bad = {
            null,
            "",
            "SHA256:",
            "MD5:" + FP.substring(7),
            FP.substring(0, FP.length() - 1),            // too short
            FP + "A",                                    // too long
            FP.substring(0, 20) + "-" + FP.substring(21), // url-safe alphabet is not ours
            FP.substring(0, FP.length() - 1) + "F",      // non-zero tail bits: not canonical
            "sha256:" + FP.substring(7),
        };
        for (String fp : bad) {
            byte[] record = fp == null ? txt(s("v=1"), s("nick=x")) : txt(s("v=1"), s("fp=" + fp));
            assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(record), String.valueOf(fp));
        }
    }

    @Test
    void rejectsBinaryInTheFingerprint() {
        byte[] fp = s("fp=" + FP);
        fp[10] = (byte) 0xC3;
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=1"), fp)));
    }

    @Test
    void sanitisesHostileNicknames() throws Exception {
        byte[] nick = s("nick=\u001B]0;pwned\u0007mal\u001B[31mlory\u202E\u0000\r\nx");
        assertEquals("mallory x", TxtRecord.parse(txt(s("v=1"), nick, s("fp=" + FP))).nickname());
    }

    @Test
    void decodesInvalidUtf8AsReplacementCharacters() throws Exception {
        byte[] nick = {'n', 'i', 'c', 'k', '=', 'a', (byte) 0xFF, (byte) 0xC0, 'b'};
        assertEquals("a\uFFFD\uFFFDb", TxtRecord.parse(txt(s("v=1"), nick, s("fp=" + FP))).nickname());
    }

    @Test
    void capsNicknamesAt64BytesOfUtf8() throws Exception {
        String longNick = "\u00e9".repeat(100); // two bytes each
        String parsed = TxtRecord.parse(txt(s("v=1"), s("nick=" + longNick), s("fp=" + FP))).nickname();
        assertEquals(32, parsed.length());
        assertTrue(parsed.getBytes(StandardCharsets.UTF_8).length <= 64);
    }

    @Test
    void missingOrEmptyNicknameBecomesUnnamed() throws Exception {
        assertEquals("unnamed", TxtRecord.parse(txt(s("v=1"), s("fp=" + FP))).nickname());
        assertEquals("unnamed", TxtRecord.parse(txt(s("v=1"), s("nick=\u001B[0m\u200F"), s("fp=" + FP))).nickname());
    }

    @Test
    void firstOfRepeatedKeysWinsAndKeysIgnoreCase() throws Exception {
        TxtRecord parsed = TxtRecord.parse(txt(s("V=1"), s("NICK=first"), s("nick=second"), s("Fp=" + FP),
                s("fp=" + FP2)));
        assertEquals("first", parsed.nickname());
        assertEquals(FP, parsed.fingerprint());
    }

    @Test
    void ignoresUnknownKeysBooleanAttributesAndEmptyStrings() throws Exception {
        TxtRecord parsed = TxtRecord.parse(txt(s(""), s("flag"), s("=novalue"), s("other=\u0001\u0002"), s("v=1"),
                s("fp=" + FP)));
        assertEquals(FP, parsed.fingerprint());
    }

    @Test
    void validatesVersions() throws Exception {
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=0"), s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=256"), s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=99999999999"), s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=-1"), s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("vmin=3"), s("vmax=2"), s("fp=" + FP))));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("vmin=1"), s("fp=" + FP))));
        TxtRecord range = TxtRecord.parse(txt(s("vmin=2"), s("vmax=5"), s("v=1"), s("fp=" + FP)));
        assertEquals(2, range.minVersion());
        assertEquals(5, range.maxVersion());
    }

    @Test
    void networkKeyFlagMustBeZeroOrOne() throws Exception {
        assertFalse(TxtRecord.parse(txt(s("v=1"), s("fp=" + FP))).networkKeyRequired());
        assertTrue(TxtRecord.parse(txt(s("v=1"), s("fp=" + FP), s("nk=1"))).networkKeyRequired());
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(txt(s("v=1"), s("fp=" + FP), s("nk=yes"))));
    }

    @Test
    void rejectsNullAndEmptyRecords() {
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(null));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(new byte[0]));
        assertThrows(InvalidTxtException.class, () -> TxtRecord.parse(new byte[] {0}));
    }

    @Test
    void survivesRandomGarbage() {
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] garbage = new byte[random.nextInt(400)];
            random.nextBytes(garbage);
            try {
                TxtRecord parsed = TxtRecord.parse(garbage);
                assertTrue(FingerprintFormat.isWellFormed(parsed.fingerprint()));
            } catch (InvalidTxtException expected) {
                // the usual outcome
            }
        }
    }
}
