package dev.parley.wire;

/** A frame or record whose contents do not parse. */
public final class MalformedRecordException extends ProtocolException {
    public MalformedRecordException(String message) {
        super(message);
    }
}
