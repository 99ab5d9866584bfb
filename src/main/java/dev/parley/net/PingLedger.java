package dev.parley.net;

import java.nio.ByteBuffer;

/**
 * The PINGs we sent that await their PONG, and how much of what we sent the peer has confirmed reading.
 * A PING's body is a nonce, unpredictable even to a peer that has read earlier ones, so only a peer that
 * read the PING can answer it; its PONG confirms everything up to that PING, and no PING before it needs
 * an answer any more. The last {@value #TRACKED} PINGs are remembered, and one unanswered for
 * {@link #STALE_NANOS} no longer counts as awaited (its PONG may have been dropped), so it never holds
 * back the next for good. Times are {@link System#nanoTime} values passed in.
 *
 * <p>Thread-safe: the session's writer records PINGs, its reader confirms them. The lock guards this
 * object's own fields only and is never held across a call out.
 */
final class PingLedger {
    /** PINGs awaiting their PONG that we remember; a PONG for any of them confirms up to it. */
    static final int TRACKED = 4;
    /** A PING unanswered this long no longer stops the next one. */
    static final long STALE_NANOS = 1_000_000_000L;

    /** Nonce and mark at the same index; a null mark is a free slot. */
    private final long[] nonces = new long[TRACKED];
    private final StreamMark[] marks = new StreamMark[TRACKED];
    private int next;
    private long newestSentNanos;
    private boolean anySent;
    private volatile StreamMark confirmed = StreamMark.START;

    /** A PING with this nonce went out, at {@code upTo} (the PING itself included), at {@code nowNanos}. */
    synchronized void sent(long nonce, StreamMark upTo, long nowNanos) {
        nonces[next] = nonce;
        marks[next] = upTo;
        next = (next + 1) % TRACKED;
        newestSentNanos = nowNanos;
        anySent = true;
    }

    /** Whether a PING sent less than {@link #STALE_NANOS} before {@code nowNanos} still awaits its PONG. */
    synchronized boolean awaiting(long nowNanos) {
        if (!anySent || nowNanos - newestSentNanos >= STALE_NANOS) {
            return false;
        }
        for (StreamMark m : marks) {
            if (m != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * A PONG arrived with this body: if it answers a PING we remember, the peer has read up to it.
     * Returns whether it did (anything else, a forged or late answer, changes nothing).
     */
    boolean answered(byte[] pongBody) {
        if (pongBody.length != 8) {
            return false; // not one of ours: our PINGs carry 8 bytes
        }
        long nonce = ByteBuffer.wrap(pongBody).getLong();
        synchronized (this) {
            StreamMark answered = null;
            for (int k = 0; k < TRACKED; k++) {
                if (marks[k] != null && nonces[k] == nonce) {
                    answered = marks[k];
                }
            }
            if (answered == null) {
                return false;
            }
            for (int k = 0; k < TRACKED; k++) {
                if (marks[k] != null && marks[k].bytes() <= answered.bytes()) {
                    marks[k] = null;
                }
            }
            if (answered.bytes() > confirmed.bytes()) {
                confirmed = answered;
            }
            return true;
        }
    }

    /** How much of what we sent the peer has confirmed reading. Any thread, without the lock. */
    StreamMark confirmed() {
        return confirmed;
    }

    /** The 8-byte body of a PING with this nonce. */
    static byte[] body(long nonce) {
        return ByteBuffer.allocate(8).putLong(nonce).array();
    }
}
