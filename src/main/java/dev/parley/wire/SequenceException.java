package dev.parley.wire;

/** A record arrived out of sequence: replayed, reordered or dropped in transit. */
public final class SequenceException extends ProtocolException {
    public SequenceException(long expected, long got) {
        super("record sequence " + got + ", expected " + expected);
    }
}
