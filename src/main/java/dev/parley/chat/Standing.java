package dev.parley.chat;

/**
 * How much a peer's session is worth keeping when the network holds as many sessions as it may and must
 * choose (issue 13): a flood of fresh identities must not crowd out the peers the user deals with. Later
 * constants rank higher: a session of a higher standing may take the place of a lower one, never of an
 * equal one.
 */
public enum Standing {
    /** The user ignores it ({@code /ignore}). */
    IGNORED,
    /** Nobody the user dealt with: proving a key costs nothing, so any number of these may arrive. */
    STRANGER,
    /** Remembered: the user wrote to it, dialled it or trusted it (see {@code KnownPeers}). */
    KNOWN,
    /** The user confirmed its safety number. */
    VERIFIED;

    /**
     * Where the network asks for a peer's standing: the chat engine. Thread-safe; called holding no lock;
     * may take the engine's lock briefly, never waits for anything else.
     */
    public interface Source {
        Standing of(String fingerprint);

        /** Everyone a stranger: sessions are kept first come, first served. */
        Source NONE = fingerprint -> STRANGER;
    }
}
