package dev.parley.net;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Clock;

/**
 * Input with one deadline for a whole exchange, not per read: before each read the socket's timeout
 * is set to what is left, so a peer that drips one byte at a time still runs out of time.
 * Not thread-safe.
 */
final class DeadlineInputStream extends FilterInputStream {
    private final Socket socket;
    private final Clock clock;
    private long deadline = Long.MAX_VALUE;

    DeadlineInputStream(Socket socket, InputStream in, Clock clock) {
        super(in);
        this.socket = socket;
        this.clock = clock;
    }

    /** Reads must complete by this time (ms since the epoch); {@code Long.MAX_VALUE} for none. */
    void deadline(long epochMillis) {
        deadline = epochMillis;
    }

    /** Each read may block this long at most (0: forever); replaces the deadline. */
    void idleTimeout(int millis) throws IOException {
        deadline = Long.MAX_VALUE;
        socket.setSoTimeout(millis);
    }

    private void arm() throws IOException {
        if (deadline == Long.MAX_VALUE) {
            return;
        }
        long left = deadline - clock.millis();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }
}
