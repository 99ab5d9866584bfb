package dev.parley.tui;

import java.io.IOException;

/**
 * A terminal that takes control sequences as they are, beside the cells Lanterna draws: the window title and
 * its save and restore, bracketed paste on and off, a notification. {@link Utf8UnixTerminal} is one; a test's
 * virtual terminal may be one, to record what the UI writes. UI thread only.
 */
interface RawOutput {
    /** Writes {@code bytes} to the terminal as they are, and flushes. */
    void writeRaw(byte[] bytes) throws IOException;
}
