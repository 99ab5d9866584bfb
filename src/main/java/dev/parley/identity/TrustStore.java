package dev.parley.identity;

import java.io.IOException;
import java.util.List;

/** Where trust decisions live (the state folder), implemented by {@link KnownPeersFile}; the chat engine uses it. */
public interface TrustStore {
    List<KnownPeer> load() throws IOException;

    /** Replaces the whole store, atomically. */
    void save(List<KnownPeer> peers) throws IOException;
}
