package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NicknamesTest {
    @Test
    void keepsOrdinaryNames() {
        assertEquals("Zoë Ångström 李", Nicknames.sanitise("Zoë Ångström 李"));
        assertEquals("👩\u200D💻 dev", Nicknames.sanitise("👩\u200D💻 dev"));
    }

    @Test
    void stripsAnsiSequences() {
        assertEquals("red", Nicknames.sanitise("\u001B[1;31mred\u001B[0m"));
        assertEquals("title", Nicknames.sanitise("\u001B]0;evil title\u0007title"));
        assertEquals("osc", Nicknames.sanitise("\u001B]8;;http://x\u001B\\osc"));
        assertEquals("c1", Nicknames.sanitise("\u009B2Jc1"));
        assertEquals("x", Nicknames.sanitise("\u001Bcx"));
        assertEquals("dangling", Nicknames.sanitise("dangling\u001B["));
    }

    @Test
    void stripsControlsAndBidiOverrides() {
        assertEquals("ab c", Nicknames.sanitise("a\u0000b\u007F\u0085c")); // U+0085 is a line break
        assertEquals("photoexe.txt", Nicknames.sanitise("photo\u202Eexe.txt\u202C"));
        assertEquals("ab", Nicknames.sanitise("\u2066a\u2067b\u2069\u200E\u200F\u061C\uFEFF"));
    }

    @Test
    void foldsLinesAndSpacesIntoOne() {
        assertEquals("a b c", Nicknames.sanitise("  a\r\n\tb\u2028\u00A0 c  "));
    }

    @Test
    void truncatesOnCodePointBoundaries() {
        String s = Nicknames.sanitise("😀".repeat(20)); // 4 bytes each
        assertEquals(16, s.codePointCount(0, s.length()));
        assertTrue(s.getBytes(StandardCharsets.UTF_8).length <= Nicknames.MAX_BYTES);
        assertEquals("ab", Nicknames.truncate("ab\u00e9", 3));
    }
}
