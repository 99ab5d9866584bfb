package dev.parley.net;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The handshake's buffered input, which can hand what it has read ahead over to the session exactly
 * ({@link #takeBuffered}): the bytes in its buffer not yet consumed, no more and no fewer, without
 * reading the socket again. (Reading {@code available()} bytes through a buffer instead loses what a
 * refill reads beyond that estimate, since bytes keep arriving meanwhile: issue 13.) Not thread-safe;
 * the connection's I/O thread only.
 */
final class HandshakeInput extends BufferedInputStream {
    HandshakeInput(InputStream in, int size) {
        super(in, size);
    }

    /** An input that holds just these bytes (tests). */
    static HandshakeInput holding(byte[] bytes) {
        HandshakeInput in = new HandshakeInput(new ByteArrayInputStream(bytes), Math.max(1, bytes.length));
        try { // read them into the buffer, as a handshake's read-ahead would be, and consume none
            in.mark(1);
            in.read();
            in.reset();
        } catch (java.io.IOException e) {
            throw new AssertionError("a byte array cannot fail", e);
        }
        return in;
    }

    /**
     * The bytes read ahead and not yet consumed; afterwards this stream holds none. Reads nothing from
     * the underlying stream. Call once the handshake is over, before anyone else reads the connection.
     */
    synchronized byte[] takeBuffered() {
        if (buf == null || pos >= count) {
            pos = count;
            return new byte[0];
        }
        byte[] rest = Arrays.copyOfRange(buf, pos, count);
        pos = count;
        markpos = -1;
        return rest;
    }
}
