package dev.parley.tui;

import java.util.function.LongSupplier;

/**
 * Paces the redraws that chat events ask for: at most one per {@link #FRAME_NANOS}, however fast events
 * come, so that a flood costs a bounded amount of drawing (and of terminal output). A key's redraw is never
 * held back; it counts as a frame like any other. The first change after a quiet spell is drawn at once.
 * UI thread only; not thread-safe.
 */
final class FramePacer {
    /** 30 frames a second: smooth to the eye, a small fraction of a core even at 200x60. */
    static final long FRAME_NANOS = 1_000_000_000L / 30;

    private final LongSupplier nanoTime;
    private boolean drawnOnce;
    private long lastDraw;
    private boolean pending;

    FramePacer(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** What the screen shows has changed: a frame is owed. */
    void changed() {
        pending = true;
    }

    /** Whether a frame is owed. */
    boolean pending() {
        return pending;
    }

    /** Whether a frame is owed and may be drawn now. */
    boolean due() {
        return pending && nanosUntilDue() == 0;
    }

    /** How long until the next frame may be drawn; 0: now. */
    long nanosUntilDue() {
        if (!drawnOnce) {
            return 0;
        }
        long since = nanoTime.getAsLong() - lastDraw;
        return since >= FRAME_NANOS ? 0 : FRAME_NANOS - since;
    }

    /** A frame was drawn (for whatever reason): nothing is owed, and the next waits a frame's time. */
    void drawn() {
        pending = false;
        drawnOnce = true;
        lastDraw = nanoTime.getAsLong();
    }
}
