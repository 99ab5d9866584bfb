package dev.parley.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads length-prefixed frames: a 2-byte big-endian length, then that many bytes. The length is checked
 * against the caller's limit before any allocation. Not thread-safe: one reader per stream.
 */
public final class FrameReader {
    private final InputStream in;

    public FrameReader(InputStream in) {
        this.in = in;
    }

    /**
     * The next frame's body, at most {@code max} bytes. Throws {@link EOFException} on a clean end of
     * stream before a frame starts, {@link ProtocolException} for a truncated, empty or oversized frame.
     */
    public byte[] read(int max) throws IOException {
        int hi = in.read();
        if (hi < 0) {
            throw new EOFException("end of stream");
        }
        int lo = in.read();
        if (lo < 0) {
            throw new MalformedRecordException("stream ended inside a length prefix");
        }
        int length = (hi << 8) | lo;
        if (length > max) {
            throw new FrameTooLargeException(length, max);
        }
        if (length == 0) {
            throw new MalformedRecordException("empty frame");
        }
        byte[] body = new byte[length];
        int off = 0;
        while (off < length) {
            int n = in.read(body, off, length - off);
            if (n < 0) {
                throw new MalformedRecordException("stream ended inside a frame");
            }
            off += n;
        }
        return body;
    }
}
