package dev.parley.net;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The timer's round over the sessions: pings those we have been quiet on, so that the peer hears from
 * us, and ends those whose peer has been silent too long, the replaced ones on their way out included.
 * Silence counts only time a session's reader waits for the peer's next whole record
 * ({@link ChannelInput#waitingMillis}), never time it spends handling a record, however long the listener
 * holds it; bytes that never complete a record do not count as life.
 *
 * <p>Runs on the timer thread. It works on snapshots of the sessions and holds no lock while it pings
 * (a write within the inline budget, or a hand-off to an I/O thread) or ends one. Not thread-safe: one
 * timer.
 */
final class KeepAlive implements Runnable {
    /** A session as the keep-alive sees it. Any thread; never blocks. */
    interface Watched {
        /** How long the reader has been waiting for the peer to send anything, in ms (0 while it handles a record). */
        long idleReceiveMillis();

        /** How long since we last sent anything, in ms. */
        long idleSendMillis();

        /** Sends a PING (its answer also confirms what the peer has read). */
        void ping();

        /** Ends the session for the peer's silence; its reader reports {@code reason}. */
        void endSilent(String reason);
    }

    private final long pingAfterMillis;
    private final long deadAfterMillis;
    private final Supplier<? extends List<? extends Watched>> live;
    private final Supplier<? extends List<? extends Watched>> ending;

    /**
     * @param live the sessions in use, a fresh list each call
     * @param ending the replaced ones told to close: their readers wait for the peer to hang up
     */
    KeepAlive(Duration pingAfter, Duration deadAfter, Supplier<? extends List<? extends Watched>> live,
              Supplier<? extends List<? extends Watched>> ending) {
        this.pingAfterMillis = pingAfter.toMillis();
        this.deadAfterMillis = deadAfter.toMillis();
        this.live = live;
        this.ending = ending;
    }

    /** How often to run: often enough that pings go out within half of {@code pingAfter} of being due. */
    long periodMillis() {
        return Math.max(100, pingAfterMillis / 2);
    }

    @Override
    public void run() {
        for (Watched w : ending.get()) {
            if (w.idleReceiveMillis() >= deadAfterMillis) {
                w.endSilent("closed; peer silent for " + deadAfterMillis / 1000 + " s");
            }
        }
        for (Watched w : live.get()) {
            if (w.idleReceiveMillis() >= deadAfterMillis) {
                w.endSilent("peer silent for " + deadAfterMillis / 1000 + " s");
            } else if (w.idleSendMillis() >= pingAfterMillis) {
                w.ping();
            }
        }
    }
}
