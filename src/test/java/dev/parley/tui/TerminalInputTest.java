package dev.parley.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A hung-up terminal: its input's ioctl fails (EIO) and reads end; the UI learns it from {@link TerminalInput}. */
class TerminalInputTest {
    /** What a hung-up pty looks like from Java: available() throws, read() ends. */
    private static final class HungUp extends InputStream {
        @Override public int read() {
            return -1;
        }

        @Override public int available() throws IOException {
            throw new IOException("Input/output error");
        }
    }

    @Test
    void aTerminalWhoseInputWorksHasNotGone() throws Exception {
        TerminalInput in = new TerminalInput(new ByteArrayInputStream(new byte[] {'a', 'b'}));
        assertEquals(2, in.available());
        assertEquals('a', in.read());
        assertEquals(1, in.read(new byte[4], 0, 4));
        assertFalse(in.gone());
    }

    @Test
    void availableFailingMeansGoneEvenWhereTheReaderSwallowsIt() throws Exception {
        TerminalInput in = new TerminalInput(new HungUp());
        // Lanterna polls through an InputStreamReader, whose ready() turns the failure into "nothing yet"
        assertFalse(new InputStreamReader(in, StandardCharsets.UTF_8).ready());
        assertTrue(in.gone());
        assertThrows(IOException.class, in::available);
    }

    @Test
    void inputEndingMeansGone() throws Exception {
        TerminalInput in = new TerminalInput(new ByteArrayInputStream(new byte[0]));
        assertEquals(-1, in.read(new byte[4], 0, 4));
        assertTrue(in.gone());
        TerminalInput single = new TerminalInput(new ByteArrayInputStream(new byte[0]));
        assertEquals(-1, single.read());
        assertTrue(single.gone());
    }
}
