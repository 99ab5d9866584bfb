package dev.parley.chat;

import java.io.IOException;
import java.util.List;

/** Where trust decisions live (the state folder), implemented by {@code identity}. */
public interface TrustStore {
    List<KnownPeer> load() throws IOException;

    /** Replaces the whole store, atomically. */
    void save(List<KnownPeer> peers) throws IOException;
}
