package dev.parley.wire;

/** Protocol limits (see docs/PROTOCOL.md). */
public final class Limits {
    /** Largest frame body before the handshake completes. */
    public static final int MAX_HANDSHAKE_FRAME = 1024;
    /** Largest frame body afterwards. */
    public static final int MAX_FRAME = 65_535;
    /** Largest record plaintext (type, sequence and body) after the handshake. */
    public static final int MAX_RECORD_PLAINTEXT = 32 * 1024;
    /** Record header: type (1) and sequence (8). */
    public static final int RECORD_HEADER = 9;
    public static final int MAX_RECORD_BODY = MAX_RECORD_PLAINTEXT - RECORD_HEADER;

    private Limits() {}
}
