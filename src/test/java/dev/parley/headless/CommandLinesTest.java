package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class CommandLinesTest {
    @Test
    void aCarriageReturnInsideALineIsPartOfItButOneBeforeTheLineFeedIsNot() throws IOException {
        CommandLines lines = new CommandLines(new StringReader("/msg bob one\rtwo\n/peers\r\nlast"));
        assertEquals("/msg bob one\rtwo", lines.next(), "a CR does not start a new command");
        assertEquals("/peers", lines.next());
        assertEquals("last", lines.next(), "the last line needs no end");
        assertNull(lines.next());
    }

    @Test
    void aLineBeyondTheBoundIsSkippedWholeAndTheNextOneIsRead() throws IOException {
        String huge = "/msg bob " + "x".repeat(CommandLines.MAX_CHARS * 3);
        CommandLines lines = new CommandLines(new StringReader(huge + "\n/peers\n"));
        assertSame(CommandLines.TOO_LONG, lines.next());
        assertEquals("/peers", lines.next());
        assertNull(lines.next());
    }

    @Test
    void aLineOfExactlyTheBoundIsKept() throws IOException {
        String exact = "y".repeat(CommandLines.MAX_CHARS);
        CommandLines lines = new CommandLines(new StringReader(exact + "\r\n"));
        assertEquals(exact, lines.next());
        assertNull(lines.next());
    }
}
