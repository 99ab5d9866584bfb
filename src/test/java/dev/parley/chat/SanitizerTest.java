package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SanitizerTest {

    @Test
    void removesCsiSequencesWhole() {
        assertEquals("red plain", Sanitizer.text("\u001b[31mred\u001b[0m plain"));
        assertEquals("x", Sanitizer.text("\u001b[2J\u001b[1;1Hx"));
        assertEquals("ab", Sanitizer.text("a\u009b31mb"));
    }

    @Test
    void removesOscAndOtherStringSequences() {
        assertEquals("before after", Sanitizer.text("before \u001b]0;pwned title\u0007after"));
        assertEquals("ab", Sanitizer.text("a\u001b]8;;http://evil\u001b\\b"));
        assertEquals("ab", Sanitizer.text("a\u001bPq#0;2;0;0;0\u001b\\b"));
        assertEquals("ab", Sanitizer.text("a\u009d0;t\u009cb"));
    }

    @Test
    void removesShortEscapesAndALoneEsc() {
        assertEquals("ab", Sanitizer.text("a\u001b(Bb"));
        assertEquals("ab", Sanitizer.text("a\u001bcb"));
        assertEquals("a", Sanitizer.text("a\u001b"));
    }

    @Test
    void removesControlCharactersButKeepsLinesInTexts() {
        assertEquals("abc", Sanitizer.text("a\u0000b\u0007\u0008c"));
        assertEquals("ab", Sanitizer.text("a\u007f\u0080\u009ab"));
        assertEquals("one\ntwo\nthree\nfour", Sanitizer.text("one\r\ntwo\rthree\u2028four"));
        assertEquals("a b", Sanitizer.text("a\tb"));
    }

    @Test
    void removesBidiOverridesIsolatesAndMarks() {
        String evil = "invoice\u202Efdp.exe\u202C \u2066x\u2069 \u200Ey\u200F \u061Cz";
        assertEquals("invoicefdp.exe x y z", Sanitizer.text(evil));
        assertEquals("bob", Sanitizer.nickname("\u202Ebob"));
    }

    @Test
    void keepsCjkEmojiAndCombiningMarks() {
        String s = "你好，世界 こんにちは 한국어 👩‍👩‍👧 ❤️ e\u0301 🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC7F";
        assertEquals(s, Sanitizer.text(s));
        assertEquals(s, Sanitizer.nickname(s));
    }

    @Test
    void replacesUnpairedSurrogates() {
        assertEquals("a\uFFFDb", Sanitizer.text("a\uD800b"));
    }

    @Test
    void nicknamesAreOneTrimmedLine() {
        assertEquals("bob the builder", Sanitizer.nickname("  bob\n the\t\tbuilder\r\n"));
        assertEquals("", Sanitizer.nickname("\u001b[31m\u0000 "));
        assertEquals("", Sanitizer.nickname(null));
    }

    @Test
    void nicknameKeyFoldsCaseWidthAndInvisibleCharacters() {
        assertEquals("bob", Sanitizer.nicknameKey("BOB"));
        assertEquals("bob", Sanitizer.nicknameKey("ｂｏｂ"));
        assertEquals("bob", Sanitizer.nicknameKey("b\u200Bo\u200Db"));
        assertEquals(Sanitizer.nicknameKey("bob smith"), Sanitizer.nicknameKey(" Bob   Smith "));
        assertEquals("alice", Sanitizer.nicknameKey("alice"));
    }
}
