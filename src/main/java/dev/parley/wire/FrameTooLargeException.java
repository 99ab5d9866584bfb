package dev.parley.wire;

/** A frame's length prefix exceeds what is allowed at this stage; raised before anything is allocated. */
public final class FrameTooLargeException extends ProtocolException {
    public FrameTooLargeException(int length, int max) {
        super("frame of " + length + " bytes exceeds the limit of " + max);
    }
}
