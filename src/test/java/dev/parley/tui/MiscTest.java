package dev.parley.tui;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MiscTest {
    @Test
    void aTerminalNeedsAConsoleAndAUsableTerm() {
        assertTrue(FullScreenUi.terminalAvailable(true, "xterm-256color"));
        assertFalse(FullScreenUi.terminalAvailable(false, "xterm-256color"), "output piped or input redirected");
        assertFalse(FullScreenUi.terminalAvailable(true, null));
        assertFalse(FullScreenUi.terminalAvailable(true, " "));
        assertFalse(FullScreenUi.terminalAvailable(true, "dumb"));
    }

    @Test
    void listenAddressForTheHeader() {
        assertEquals("10.0.0.1:7447", new UiOptions("10.0.0.1", 7447, false, true, true).listenHostPort());
        assertEquals("[fe80::1]:7447", new UiOptions("fe80::1", 7447, false, true, true).listenHostPort());
        assertEquals("*:7447", new UiOptions(null, 7447, false, true, true).listenHostPort());
    }


}
