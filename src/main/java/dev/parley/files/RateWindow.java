package dev.parley.files;

/**
 * A transfer's rate, over the bytes actually moved: the window is shut while a resume re-reads what was
 * there before (the sender its source up to the resume point, the receiver its partial file, then waiting
 * for the sender's first chunk) and opens with the first data moved, so neither the re-read prefix nor
 * the time it took counts. Each sample starts the next window. Not thread-safe: the engine holds its lock.
 */
final class RateWindow {
    private boolean open;
    private long fromMillis;
    private long fromBytes;

    /** Shut: nothing is measured until {@link #open} (a transfer's loop starts, with a prefix to re-read). */
    void shut() {
        open = false;
    }

    /** The first data moves: the window begins at {@code now}, {@code bytes} counted before it. */
    void open(long now, long bytes) {
        open = true;
        fromMillis = now;
        fromBytes = bytes;
    }

    boolean isOpen() {
        return open;
    }

    /** An open window starts again here (an event was emitted: a pause, a state change, a progress report). */
    void restart(long now, long bytes) {
        if (open) {
            fromMillis = now;
            fromBytes = bytes;
        }
    }

    /**
     * Bytes per second since the window began, or -1 when it is shut or no time has passed; the next window
     * starts here.
     */
    long sample(long now, long bytes) {
        if (!open || now <= fromMillis) {
            return -1;
        }
        long r = Math.max(0, bytes - fromBytes) * 1000 / (now - fromMillis);
        fromMillis = now;
        fromBytes = bytes;
        return r;
    }
}
