package dev.parley.tui;

import java.util.HashMap;
import java.util.Map;

/**
 * The chat data as the UI shows it: the peer directory, the rooms, one transcript per conversation (a
 * room's too, under its {@link RoomDirectory} key), the status view
 * (what is shown when no conversation is open) and the help text; plus what the header needs.
 * Fed only from the UI thread (events are handed over by {@link EventInbox}). Not thread-safe.
 */
final class UiModel {
    private final PeerDirectory peers = new PeerDirectory();
    private final RoomDirectory rooms = new RoomDirectory();
    /**
     * The latest state of each transfer not yet finished (the engine bounds how many there are: offers
     * waiting, transfers running); a finished one leaves.
     */
    private final Map<String, dev.parley.chat.TransferInfo> transfers = new java.util.LinkedHashMap<>();
    private final Map<String, Transcript> conversations = new HashMap<>();
    private final Transcript console = new Transcript();
    private final Transcript help;
    private final UiOptions options;
    private String ourNickname;
    private final String ourFingerprint;

    UiModel(UiOptions options, String ourNickname, String ourFingerprint, Transcript help) {
        this.options = options;
        this.ourNickname = ourNickname;
        this.ourFingerprint = ourFingerprint;
        this.help = help;
    }

    /**
     * Peers whose handshake went unanswered as one with another network key's does ({@code no-handshake-reply}),
     * until they come online or are forgotten: their title says so. At most as many as the peers shown.
     */
    private final java.util.Set<String> unansweredHandshakes = new java.util.HashSet<>();

    PeerDirectory peers() {
        return peers;
    }

    void handshakeUnanswered(String fingerprint, boolean unanswered) {
        if (!unanswered) {
            unansweredHandshakes.remove(fingerprint);
        } else if (peers.get(fingerprint).isPresent()) {
            unansweredHandshakes.add(fingerprint);
        }
    }

    boolean handshakeUnanswered(String fingerprint) {
        return unansweredHandshakes.contains(fingerprint);
    }

    RoomDirectory rooms() {
        return rooms;
    }

    /** What the list holds, in its order: rooms and invitations (if any), then the peers. */
    java.util.List<String> listKeys() {
        java.util.List<String> out = new java.util.ArrayList<>(rooms.keys());
        peers.sorted().forEach(p -> out.add(p.fingerprint()));
        return out;
    }

    Transcript conversation(String fingerprint) {
        return conversations.computeIfAbsent(fingerprint, f -> new Transcript());
    }

    /** Drops a peer's transcript (the engine forgot the peer: nothing was ever said). */
    void forget(String fingerprint) {
        conversations.remove(fingerprint);
    }

    /**
     * {@code newFingerprint} is now the key of the peer {@code oldFingerprint} was ({@code /trust}): the
     * old pane, with what the new key's pane held after it, is the new key's pane.
     */
    void replace(String oldFingerprint, String newFingerprint) {
        Transcript old = conversations.remove(oldFingerprint);
        if (old == null) {
            return;
        }
        Transcript fresh = conversations.remove(newFingerprint);
        if (fresh != null) {
            for (int i = 0; i < fresh.size(); i++) {
                Entry e = fresh.get(i);
                if (e.message() != null) {
                    old.put(e.message());
                } else if (e.transferId() != null) {
                    old.putTransfer(e.transferId(), e.time(), e.text(), e.transferStyle());
                } else {
                    old.add(e.kind(), e.time(), e.text());
                }
            }
        }
        conversations.put(newFingerprint, old);
    }

    /**
     * A transfer's new state; returns the state it replaces (null for a transfer new to the UI, or one
     * that had finished).
     */
    dev.parley.chat.TransferInfo transfer(dev.parley.chat.TransferInfo t) {
        return t.finished() ? transfers.remove(t.id()) : transfers.put(t.id(), t);
    }

    /** How many transfers are running now (accepted, active, paused or verifying), for the footer. */
    int runningTransfers() {
        int n = 0;
        for (dev.parley.chat.TransferInfo t : transfers.values()) {
            if (t.running()) {
                n++;
            }
        }
        return n;
    }

    Transcript console() {
        return console;
    }

    Transcript help() {
        return help;
    }

    /** The transcript behind a {@link UiState#viewKey()}. */
    Transcript view(String key) {
        if (UiState.HELP.equals(key)) {
            return help;
        }
        return UiState.CONSOLE.equals(key) ? console : conversation(key);
    }

    UiOptions options() {
        return options;
    }

    String ourNickname() {
        return ourNickname;
    }

    void ourNickname(String nick) {
        ourNickname = nick;
    }

    String ourFingerprint() {
        return ourFingerprint;
    }

    /** The first 8 characters after {@code SHA256:}, as {@code PeerInfo.shortFingerprint()} does. */
    static String shortFingerprint(String fingerprint) {
        int start = fingerprint.indexOf(':') + 1;
        return fingerprint.substring(start, Math.min(fingerprint.length(), start + 8));
    }
}
