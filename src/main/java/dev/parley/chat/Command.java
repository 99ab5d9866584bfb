package dev.parley.chat;

/** A slash command, as both front ends accept it. Immutable values. */
public sealed interface Command {
    /** {@code /msg PEER TEXT}. */
    record Msg(String peer, String text) implements Command {}

    /** {@code /connect HOST[:PORT]}. */
    record Connect(String hostPort) implements Command {}

    /** {@code /peers}. */
    record Peers() implements Command {}

    /** {@code /nick NAME}. */
    record Nick(String name) implements Command {}

    /** {@code /verify PEER} shows the safety number; {@code /verify PEER confirm} marks the peer verified. */
    record Verify(String peer, boolean confirm) implements Command {}

    /** {@code /trust PEER}: accept a changed key. */
    record Trust(String peer) implements Command {}

    /** {@code /unverify PEER}: a verified peer is no longer verified. */
    record Unverify(String peer) implements Command {}

    /** {@code /forget PEER}: forget the peer's key, trust, conversation and queued messages. */
    record Forget(String peer) implements Command {}

    /**
     * {@code /cancel PEER}: give up our messages to PEER that are not sent yet. {@code /cancel} with digits
     * only (or a 32-hex id) is a {@link TransferAction} instead: see {@link CommandParser#namesTransfer}.
     */
    record Cancel(String peer) implements Command {}

    /** {@code /ignore PEER} (ends its session and refuses it, remembered) and {@code /unignore PEER}. */
    record Ignore(String peer, boolean ignore) implements Command {}

    /** {@code /away} and {@code /back}. */
    record SetPresence(Presence presence) implements Command {}

    /** {@code /clear}: clears the open conversation's view (full-screen UI only). */
    record Clear() implements Command {}

    /** {@code /send PEER PATH...}; {@code peer} is null for {@code /send PATH} (the open conversation, full-screen UI). */
    record Send(String peer, java.util.List<String> paths) implements Command {}

    /**
     * {@code /accept ID [DIR]} ({@code dir} null: the downloads setting), {@code /decline ID}, {@code /cancel ID},
     * {@code /pause ID}, {@code /resume ID}. {@code id} is null for a bare {@code /accept} or {@code /decline}:
     * the full-screen UI takes the one offer waiting in the open conversation; headless refuses it.
     */
    record TransferAction(String action, String id, String dir) implements Command {}

    /** {@code /transfers} lists them; {@code /transfers clean} forgets finished ones and deletes kept partial files. */
    record ListTransfers(boolean clean) implements Command {}

    /** {@code /help}. */
    record Help() implements Command {}

    /** {@code /quit}. */
    record Quit() implements Command {}
}
