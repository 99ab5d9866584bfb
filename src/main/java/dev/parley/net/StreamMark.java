package dev.parley.net;

/**
 * A position in what we sent on one session: the bytes (as framed on the wire) and the records up to
 * and including some record. Immutable.
 */
record StreamMark(long bytes, long records) {
    static final StreamMark START = new StreamMark(0, 0);

    /** This mark moved past one more record of {@code frameBytes}. */
    StreamMark plus(long frameBytes) {
        return new StreamMark(bytes + frameBytes, records + 1);
    }
}
