package dev.parley.wire;

/** Length-prefixed frames: the two-byte length and the body. Stateless. */
public final class FrameWriter {
    private FrameWriter() {}

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
