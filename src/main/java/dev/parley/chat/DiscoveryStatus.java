package dev.parley.chat;

import java.util.Objects;

/**
 * How one discovery source stands, for a front end's diagnostics (a {@code /status} line). Immutable.
 *
 * @param source {@code mdns} or {@code dns-sd}
 * @param state  {@code on}, {@code off}, {@code starting} or {@code failing}
 * @param peers  how many peers this source sees now
 * @param detail what it is doing, for people: interfaces, domains browsed, registration and its last error
 */
public record DiscoveryStatus(String source, String state, int peers, String detail) {
    public DiscoveryStatus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
    }

    /** {@code dns-sd: on, 2 peers (browsing office.example; registered in office.example)}. */
    @Override
    public String toString() {
        return source + ": " + state + ", " + peers + (peers == 1 ? " peer" : " peers")
                + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
