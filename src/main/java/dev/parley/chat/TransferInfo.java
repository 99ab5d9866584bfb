package dev.parley.chat;

import java.util.List;

/**
 * One transfer as front ends show it. Immutable.
 *
 * @param id the transfer's 32-hex id (the same on both sides)
 * @param n its short local number, for commands
 * @param peer the peer's fingerprint
 * @param incoming true when the peer sends to us
 * @param state offered, accepted, declined, active, paused, verifying, done, failed, cancelled or expired
 * @param files what is offered: paths as sanitised for the receiver (as offered for the sender), sizes
 * @param total bytes in all
 * @param bytes bytes done so far
 * @param rate bytes a second lately (0 when idle)
 * @param etaSeconds seconds left at that rate, or null when unknown
 * @param reason why it was declined, failed, cancelled or paused (null otherwise)
 * @param savedTo where a received transfer is (the destination's top entry, or the folder), or null
 * @param sha256 the SHA-256 (hex) of a single file once verified, or null
 */
public record TransferInfo(String id, int n, String peer, boolean incoming, String state, List<FileEntry> files,
                           long total, long bytes, long rate, Long etaSeconds, String reason, String savedTo,
                           String sha256) {
    public TransferInfo {
        files = List.copyOf(files);
    }

    /** A file or directory of a transfer. */
    public record FileEntry(String path, boolean directory, long size) {}

    /** Whether bytes may still move (accepted, active, paused or verifying). */
    public boolean running() {
        return state.equals("accepted") || state.equals("active") || state.equals("paused")
                || state.equals("verifying");
    }

    /** Whether it is over (declined, done, failed, cancelled or expired). */
    public boolean finished() {
        return !running() && !state.equals("offered");
    }
}
