package dev.parley.net;

/**
 * How fast one peer may make us handle records it originates (everything but ACK and PONG, which answer
 * ours): {@code perSecond} sustained after a burst of {@code burst}. Beyond that the session's reader
 * pauses, so TCP's flow control holds the sender back (lossless, and only that peer waits). Immutable.
 */
public record InboundRate(double perSecond, int burst) {
    public static final InboundRate DEFAULT = new InboundRate(50, 200);
    /** No pacing at all (tests of raw throughput). */
    public static final InboundRate UNLIMITED = new InboundRate(Double.POSITIVE_INFINITY, Integer.MAX_VALUE);

    public InboundRate {
        if (!(perSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("an inbound rate needs a rate and a burst above zero");
        }
    }

    boolean unlimited() {
        return Double.isInfinite(perSecond);
    }
}
