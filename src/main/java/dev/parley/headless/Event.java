package dev.parley.headless;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;
import java.util.List;
import java.util.function.Supplier;

/**
 * One event waiting to be written: its {@link Kind} (which decides how it is bounded while the consumer
 * does not read), the key it coalesces by, the received message it hands over once written, and its JSON
 * line, formatted only when the writer gets to it. Immutable.
 */
record Event(Kind kind, String key, ChatMessage received, Supplier<String> json) {
    /** How an event is held back while the consumer does not read (the rules are in {@code package-info}). */
    enum Kind {
        /** A received message: never dropped nor merged; the engine bounds how many wait per peer. */
        MESSAGE,
        /** Our message's status, keyed by its id: the first waiting one stays, later ones replace the second. */
        STATUS,
        /** A peer's state, keyed by fingerprint: as {@link #STATUS}, and at most so many peers wait. */
        PEER,
        /** The engine forgot a peer: shares {@link #PEER}'s key and rule; of a peer never shown, cancels it. */
        PEER_REMOVED,
        /** A peer typing, keyed by fingerprint: a newer one replaces the waiting one and goes last. */
        TYPING,
        /** A warning from the engine: beyond a fixed number waiting, dropped and counted. */
        WARNING,
        /** An answer to a command: never dropped; commands are read no further while too many wait. */
        ANSWER
    }

    static Event message(ChatMessage m) {
        return new Event(Kind.MESSAGE, m.id(), m, () -> EventJson.message(m));
    }

    static Event status(ChatMessage m) {
        return new Event(Kind.STATUS, m.id(), null, () -> EventJson.status(m));
    }

    /** A transfer's state, keyed by its id, held back as {@link Kind#STATUS} (the newest state always stays). */
    static Event transfer(dev.parley.chat.TransferInfo t) {
        return new Event(Kind.STATUS, "transfer:" + t.id(), null, () -> EventJson.transfer(t));
    }

    static Event peer(PeerInfo p) {
        return new Event(Kind.PEER, p.fingerprint(), null, () -> EventJson.peer(p));
    }

    static Event peerRemoved(String fingerprint) {
        return new Event(Kind.PEER_REMOVED, fingerprint, null, () -> EventJson.peerRemoved(fingerprint));
    }

    static Event typing(String fingerprint, boolean active) {
        return new Event(Kind.TYPING, fingerprint, null, () -> EventJson.typing(fingerprint, active));
    }

    static Event warning(Warning w) {
        return new Event(Kind.WARNING, null, null, () -> EventJson.warning(w));
    }

    static Event answer(Supplier<String> json) {
        return new Event(Kind.ANSWER, null, null, json);
    }

    static Event error(String code, String message) {
        return answer(() -> EventJson.error(code, message));
    }

    /** Reports warnings dropped while the consumer did not read; never itself dropped. */
    static Event eventsDropped(int count) {
        return new Event(Kind.ANSWER, null, null, () -> EventJson.eventsDropped(count));
    }

    static Event ready(String nick, String fingerprint, int port, List<String> addresses) {
        return answer(() -> EventJson.ready(nick, fingerprint, port, addresses));
    }
}
