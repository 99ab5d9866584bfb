package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InstanceNamesTest {
    static final String FP = "SHA256:Ab3dE9xQ" + "B".repeat(34) + "I";

    @Test
    void nicknameAndShortFingerprint() {
        assertEquals("alice (Ab3dE9xQ)", InstanceNames.instance("alice", FP));
    }

    @Test
    void fitsADnsLabelWhateverTheNickname() {
        String name = InstanceNames.instance("日本語".repeat(30), FP);
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 63, name);
        assertTrue(name.endsWith(" (Ab3dE9xQ)"));
    }

    @Test
    void noDotsOrEscapesAndNeverEmpty() {
        assertEquals("a_b_c (Ab3dE9xQ)", InstanceNames.instance("a.b\\c", FP));
        assertEquals("parley (Ab3dE9xQ)", InstanceNames.instance("\u001B[0m", FP));
    }

    @Test
    void hostNameIsLettersDigitsAndHyphens() {
        String slashy = "SHA256:a+/b" + "C".repeat(39);
        assertEquals("parley-axxbcccc-wlp3s0", InstanceNames.host(slashy, "wlp3s0"));
        assertEquals("parley-ab3de9xq-eth0-100", InstanceNames.host(FP, "eth0.100"));
        assertTrue(InstanceNames.host(FP, "x".repeat(100)).length() <= 63);
    }
}
