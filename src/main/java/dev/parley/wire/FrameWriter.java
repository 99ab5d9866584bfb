package dev.parley.wire;

import java.io.IOException;
import java.io.OutputStream;

/** Writes length-prefixed frames; does not flush. Not thread-safe: one writer per stream. */
public final class FrameWriter {
    private final OutputStream out;

    public FrameWriter(OutputStream out) {
        this.out = out;
    }

    public void write(byte[] body) throws IOException {
        out.write(encode(body));
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** The frame for a body: length prefix and body. */
    public static byte[] encode(byte[] body) {
        if (body.length == 0 || body.length > Limits.MAX_FRAME) {
            throw new IllegalArgumentException("frame body of " + body.length + " bytes");
        }
        byte[] frame = new byte[body.length + 2];
        frame[0] = (byte) (body.length >>> 8);
        frame[1] = (byte) body.length;
        System.arraycopy(body, 0, frame, 2, body.length);
        return frame;
    }
}
