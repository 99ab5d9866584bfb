package dev.parley.tui;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The terminal's input, watched for the terminal going away. Once a pseudo-terminal is hung up (its master
 * closed: the tmux pane or the ssh connection gone) every {@code ioctl} on it fails with EIO, so
 * {@link #available()}, which Lanterna's non-blocking key poll asks before each read, throws. Lanterna's
 * reader swallows that (it reads "no key yet"), and writes to standard output (a PrintStream) fail silently,
 * so without this a Parley whose SIGHUP is ignored ({@code nohup}, {@code trap '' HUP}) would run on for ever
 * with nobody there. {@link #gone()} says so, for the UI loop to leave. Any thread.
 */
final class TerminalInput extends FilterInputStream {
    private volatile boolean gone;

    TerminalInput(InputStream in) {
        super(in);
    }

    /** Whether the terminal has gone: its input failed, or ended. */
    boolean gone() {
        return gone;
    }

    @Override
    public int available() throws IOException {
        try {
            return super.available();
        } catch (IOException e) {
            gone = true;
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        try {
            int b = super.read();
            if (b < 0) {
                gone = true;
            }
            return b;
        } catch (IOException e) {
            gone = true;
            throw e;
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            int n = super.read(b, off, len);
            if (n < 0) {
                gone = true;
            }
            return n;
        } catch (IOException e) {
            gone = true;
            throw e;
        }
    }
}
