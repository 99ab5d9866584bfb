package dev.parley.chat;

import java.io.IOException;
import java.util.List;

/** Announces us and reports other peers on the LAN, implemented by {@code discovery}. */
public interface Discovery extends AutoCloseable {
    /** Starts announcing and browsing; returns once our announcement is registered. */
    void start(DiscoveryListener listener) throws IOException;

    /** Re-announces with a new nickname. */
    void setNickname(String nickname);

    /** How each source of this discovery stands now (one entry per source); cheap, callable from any thread. */
    default List<DiscoveryStatus> status() {
        return List.of();
    }

    /** Stops announcing (with goodbye packets) and browsing. May take a while; never call on a UI thread. */
    @Override
    void close();
}
