package dev.parley.tui;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.Command;
import dev.parley.chat.CommandParser;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Presence;
import dev.parley.rooms.RoomCommand;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomJoin;
import dev.parley.rooms.RoomMessage;
import dev.parley.rooms.RoomsEngine;

import java.time.Clock;
import java.util.List;

/**
 * Runs a slash command typed into the input line against the chat engine. What it has to say (results,
 * refusals from {@link ChatException}) goes into the pane that is showing, never out as an exception.
 * UI thread only; not thread-safe.
 */
final class CommandRunner {
    /** What a command may ask of the UI beyond notes: open a conversation, leave. */
    interface Navigator {
        void openConversation(String fingerprint);

        void requestQuit();

        void showHelp();

        /** {@code /join} or {@code /decline} answered an invitation: the list takes the engine's anew. */
        default void invitationsChanged() {}

        /** Shows a room we created or wrote to, and opens it. */
        default void openRoom(RoomInfo room) {}

        /** Our room message, into its pane. */
        default Entry roomMessage(RoomMessage m) {
            return null;
        }
    }

    private final Chat chat;
    /** Null when the UI shows no rooms. */
    private final RoomsEngine rooms;
    private final UiModel model;
    private final UiState state;
    private final Clock clock;
    private final Navigator navigator;

    CommandRunner(Chat chat, UiModel model, UiState state, Clock clock, Navigator navigator) {
        this(chat, null, model, state, clock, navigator);
    }

    CommandRunner(Chat chat, RoomsEngine rooms, UiModel model, UiState state, Clock clock, Navigator navigator) {
        this.chat = chat;
        this.rooms = rooms;
        this.model = model;
        this.state = state;
        this.clock = clock;
        this.navigator = navigator;
    }

    void run(String line) {
        try {
            java.util.Optional<RoomCommand> room = rooms == null ? java.util.Optional.empty() : RoomCommand.parse(line);
            if (room.isPresent()) {
                room(room.get());
                return;
            }
            execute(CommandParser.parse(line));
        } catch (ChatException e) {
            note(Entry.Kind.ERROR, e.getMessage());
        }
    }

    private void execute(Command c) throws ChatException {
        if (c instanceof Command.Msg m) {
            msg(m);
        } else if (c instanceof Command.Connect cn) {
            chat.connect(cn.hostPort());
            note(Entry.Kind.SYSTEM, "dialling " + cn.hostPort());
        } else if (c instanceof Command.Peers) {
            peers();
        } else if (c instanceof Command.Nick n) {
            chat.setNickname(n.name());
            model.ourNickname(chat.ourNickname());
            note(Entry.Kind.SYSTEM, "you are now " + model.ourNickname());
        } else if (c instanceof Command.Verify v) {
            verify(v);
        } else if (c instanceof Command.Trust t) {
            PeerInfo p = chat.trust(chat.resolve(t.peer()).fingerprint());
            note(Entry.Kind.SYSTEM, "accepted the new key of " + PeerDirectory.nick(p) + " (" + p.shortFingerprint()
                    + "); the old key is retired");
        } else if (c instanceof Command.Unverify u) {
            PeerInfo p = chat.resolve(u.peer());
            chat.unverify(p.fingerprint());
            note(Entry.Kind.SYSTEM, PeerDirectory.nick(p) + " (" + p.shortFingerprint() + ") is no longer verified");
        } else if (c instanceof Command.Forget f) {
            PeerInfo p = chat.resolve(f.peer());
            chat.forget(p.fingerprint());
            note(Entry.Kind.SYSTEM, "forgot " + PeerDirectory.nick(p) + " (" + p.shortFingerprint()
                    + "): its key, trust and conversation");
        } else if (c instanceof Command.Cancel k) {
            PeerInfo p = chat.resolve(k.peer());
            int n = chat.cancel(p.fingerprint()).size();
            note(Entry.Kind.SYSTEM, n == 0 ? "nothing waits to be sent to " + PeerDirectory.nick(p)
                    : n + " message" + (n == 1 ? "" : "s") + " to " + PeerDirectory.nick(p) + " given up (✗)");
        } else if (c instanceof Command.Ignore ig) {
            ignore(ig);
        } else if (c instanceof Command.SetPresence sp) {
            chat.setPresence(sp.presence());
            state.away(sp.presence() == Presence.AWAY);
            note(Entry.Kind.SYSTEM, sp.presence() == Presence.AWAY ? "you are away" : "you are back");
        } else if (c instanceof Command.Clear) {
            model.view(currentView()).clear();
            state.scroll(currentView(), null);
        } else if (c instanceof Command.Send sd) {
            send(sd);
        } else if (c instanceof Command.TransferAction a) {
            transferAction(a);
        } else if (c instanceof Command.ListTransfers l) {
            if (l.clean()) {
                note(Entry.Kind.SYSTEM, "forgot " + chat.transfers().clean() + " transfer(s)");
            } else {
                List<dev.parley.chat.TransferInfo> all = chat.transfers().list();
                note(Entry.Kind.SYSTEM, all.isEmpty() ? "no transfers" : "transfers:");
                all.forEach(t -> model.view(currentView()).add(Entry.Kind.PLAIN, clock.instant(),
                        "      " + TransferFormat.line(t)));
                dev.parley.chat.Transfers.Leftovers left = chat.transfers().leftovers();
                if (left.files() > 0) {
                    note(Entry.Kind.SYSTEM, left.files() + " partial file(s) left by earlier transfers ("
                            + TransferFormat.bytes(left.bytes()) + "): /transfers clean deletes them");
                }
            }
        } else if (c instanceof Command.Help) {
            navigator.showHelp();
        } else if (c instanceof Command.Quit) {
            navigator.requestQuit();
        }
    }

    /** The room commands, as headless runs them; what they say goes into the pane that shows. */
    private void room(RoomCommand c) throws ChatException {
        if (c instanceof RoomCommand.Create k) {
            navigator.openRoom(rooms.create(k.name(), k.topic())); // its pane says we own it, and how to invite
        } else if (c instanceof RoomCommand.ListRooms) {
            listRooms();
        } else if (c instanceof RoomCommand.Invite i) {
            PeerInfo p = chat.resolve(i.peer());
            RoomInfo r = rooms.room(i.room());
            boolean now = rooms.invite(r.id(), p.fingerprint(), "");
            note(Entry.Kind.SYSTEM, "invited " + PeerDirectory.nick(p) + " to " + label(r) + "; "
                    + (now ? "" : "will be delivered when " + PeerDirectory.nick(p) + " is online; ")
                    + PeerDirectory.nick(p) + " answers with /join #" + r.name());
        } else if (c instanceof RoomCommand.Join j) {
            RoomJoin joined = rooms.join(j.room());
            navigator.invitationsChanged();
            note(Entry.Kind.SYSTEM, switch (joined.state()) {
                case "rejoined" -> "took #" + joined.name() + " back";
                case "pending" -> joined.ownerNick() + " is offline: will join #" + joined.name() + " when "
                        + joined.ownerNick() + " is online (the invitation lasts "
                        + RoomsEngine.INVITE_MAX_AGE_MILLIS / 3_600_000 + " hours)";
                default -> "asked to join #" + joined.name() + "; it shows under Rooms once its owner has added you";
            });
        } else if (c instanceof RoomCommand.Decline d) {
            RoomInvite i = rooms.decline(d.room()); // also a /join still waiting for its owner
            navigator.invitationsChanged();
            note(Entry.Kind.SYSTEM, "declined #" + i.name());
        } else if (c instanceof RoomCommand.Leave l) {
            rooms.leave(l.room()); // the room-left event says so
        } else if (c instanceof RoomCommand.Kick k) {
            RoomInfo r = rooms.room(k.room());
            String fp = memberFingerprint(r, k.peer());
            String nick = r.members().stream().anyMatch(m -> m.fingerprint().equals(fp)) ? nickIn(r, fp)
                    : PeerDirectory.nick(chat.resolve(fp)); // an invitee: the chat knows it (it was invited by it)
            note(Entry.Kind.SYSTEM, rooms.kick(r.id(), fp) ? "removed " + nick + " from " + label(r)
                    : "withdrew the invitation of " + nick + " to " + label(r));
        } else if (c instanceof RoomCommand.Topic t) {
            RoomInfo r = rooms.room(t.room());
            rooms.topic(r.id(), t.text()); // the room's pane says the new topic
            if (!currentView().equals(RoomDirectory.key(r.id()))) {
                note(Entry.Kind.SYSTEM, "set the topic of " + label(r));
            }
        } else if (c instanceof RoomCommand.Members m) {
            RoomInfo r = rooms.room(m.room());
            note(Entry.Kind.SYSTEM, label(r) + " · " + RoomFormat.counts(r) + " · v" + r.version());
            Transcript t = model.view(currentView());
            RoomFormat.members(r).forEach(line -> t.add(Entry.Kind.PLAIN, clock.instant(), "      " + line));
        } else if (c instanceof RoomCommand.Send sd) {
            RoomMessage sent = rooms.send(sd.room(), sd.text());
            navigator.openRoom(rooms.room(sent.room()));
            navigator.roomMessage(sent);
            state.replied(RoomDirectory.key(sent.room()));
        }
    }

    private void listRooms() {
        List<RoomInfo> all = rooms.rooms();
        List<RoomInvite> invites = rooms.invitations();
        List<RoomJoin> joining = rooms.joining();
        note(Entry.Kind.SYSTEM, all.isEmpty() && invites.isEmpty() && joining.isEmpty()
                ? "no rooms; /room create NAME makes one"
                : all.size() + (all.size() == 1 ? " room" : " rooms") + ", " + invites.size()
                        + (invites.size() == 1 ? " invitation" : " invitations")
                        + (joining.isEmpty() ? "" : ", " + joining.size() + " joining") + ":");
        Transcript t = model.view(currentView());
        for (RoomInfo r : all) {
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + RoomFormat.summary(r, label(r)));
        }
        for (RoomInvite i : invites) {
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + RoomFormat.invitation(i, model.rooms().label(i),
                    model.ourFingerprint()));
        }
        for (RoomJoin j : joining) {
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + RoomFormat.joining(j));
        }
    }

    private String label(RoomInfo r) {
        return model.rooms().label(r);
    }

    /** A member named by the chat's peer lookup, or by a nickname or fingerprint in the roster. */
    private String memberFingerprint(RoomInfo r, String peer) throws ChatException {
        try {
            return chat.resolve(peer).fingerprint();
        } catch (ChatException e) {
            for (RoomInfo.Member m : r.members()) {
                if (m.nick().equalsIgnoreCase(peer) || m.fingerprint().equals(peer)) {
                    return m.fingerprint();
                }
            }
            throw e;
        }
    }

    private static String nickIn(RoomInfo r, String fp) {
        return r.members().stream().filter(m -> m.fingerprint().equals(fp)).map(RoomInfo.Member::nick).findFirst()
                .orElse(UiModel.shortFingerprint(fp));
    }

    /**
     * {@code /send PEER PATH...}, or {@code /send PATH...} to the open conversation. The transfer's line
     * appears in the peer's conversation (from its event); another pane showing gets a note of it.
     */
    private void send(Command.Send sd) throws ChatException {
        String peer = sd.peer();
        if (peer == null) {
            if (state.open() == null) {
                throw new ChatException("bad-command", "open a conversation first, or /send PEER PATH...");
            }
            if (RoomDirectory.isRoom(state.open())) {
                throw new ChatException("bad-command", "files go to one peer, not to a room: /send PEER PATH...");
            }
            peer = state.open();
        }
        dev.parley.chat.TransferInfo t = chat.transfers().send(peer, sd.paths());
        if (!t.peer().equals(state.open())) {
            String nick = model.peers().get(t.peer()).map(PeerDirectory::nick).orElse("the peer");
            note(Entry.Kind.SYSTEM, "offered to " + nick + ": " + TransferFormat.line(t));
        }
    }

    /** {@code /accept}, {@code /decline}, {@code /cancel N}, {@code /pause}, {@code /resume}: the line shows the rest. */
    private void transferAction(Command.TransferAction given) throws ChatException {
        dev.parley.chat.Transfers t = chat.transfers();
        Command.TransferAction a = given.id() != null ? given
                : new Command.TransferAction(given.action(), offerHere(given.action()), given.dir());
        switch (a.action()) {
            case "accept" -> t.accept(a.id(), a.dir());
            case "decline" -> t.decline(a.id());
            case "cancel" -> t.cancel(a.id());
            case "pause" -> t.pause(a.id());
            default -> t.resume(a.id());
        }
        boolean shown = state.open() != null && t.list().stream()
                .anyMatch(x -> x.peer().equals(state.open()) && (String.valueOf(x.n()).equals(a.id())
                        || x.id().startsWith(a.id().toLowerCase(java.util.Locale.ROOT))));
        if (!shown) {
            note(Entry.Kind.SYSTEM, a.action() + " " + a.id() + ": done; its line in the conversation shows how it goes"
                    + " (/transfers lists them all)");
        }
    }

    /** A bare {@code /accept} or {@code /decline}: the number of the one offer waiting in the open conversation. */
    private String offerHere(String action) throws ChatException {
        if (state.open() == null) {
            throw new ChatException("bad-command", "usage: /" + action + " ID, or /" + action
                    + " alone in the conversation of the offer");
        }
        List<dev.parley.chat.TransferInfo> offers = chat.transfers().list().stream()
                .filter(x -> x.incoming() && x.state().equals("offered") && x.peer().equals(state.open())).toList();
        if (offers.isEmpty()) {
            throw new ChatException("bad-command", "no offer waits in this conversation");
        }
        if (offers.size() > 1) {
            throw new ChatException("bad-command", offers.size() + " offers wait here: name one, /" + action + " "
                    + String.join(" or /" + action + " ", offers.stream().map(x -> String.valueOf(x.n())).toList()));
        }
        return String.valueOf(offers.get(0).n());
    }

    private void msg(Command.Msg m) throws ChatException {
        PeerInfo p = chat.resolve(m.peer());
        ChatMessage sent = chat.send(p.fingerprint(), m.text());
        if (model.peers().get(p.fingerprint()).isEmpty()) {
            model.peers().put(p);
        }
        model.conversation(p.fingerprint()).put(sent);
        state.replied(p.fingerprint());
        navigator.openConversation(p.fingerprint());
    }

    private void ignore(Command.Ignore ig) throws ChatException {
        PeerInfo p = chat.resolve(ig.peer());
        chat.ignore(p.fingerprint(), ig.ignore());
        String nick = PeerDirectory.nick(p);
        note(Entry.Kind.SYSTEM, ig.ignore()
                ? "ignoring " + nick + " (" + p.shortFingerprint() + "): no session, no messages, until /unignore "
                        + ig.peer()
                : "no longer ignoring " + nick + " (" + p.shortFingerprint() + ")");
    }

    private void peers() {
        List<PeerInfo> peers = model.peers().sorted();
        note(Entry.Kind.SYSTEM, peers.isEmpty() ? "no peers yet" : "peers:");
        Transcript t = model.view(currentView());
        for (PeerInfo p : peers) {
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + PeerFormat.summary(p));
        }
    }

    private void verify(Command.Verify v) throws ChatException {
        PeerInfo p = chat.resolve(v.peer());
        String nick = PeerDirectory.nick(p);
        if (v.confirm()) {
            chat.markVerified(p.fingerprint());
            note(Entry.Kind.SYSTEM, "marked " + nick + " verified");
            return;
        }
        String number = chat.safetyNumber(p.fingerprint());
        note(Entry.Kind.SYSTEM, "safety number with " + nick + " (" + p.shortFingerprint() + "); if " + nick
                + " sees the same, type /verify " + v.peer() + " confirm");
        String[] groups = number.trim().split("\\s+");
        Transcript t = model.view(currentView());
        for (int i = 0; i < groups.length; i += 6) {
            String row = String.join(" ", List.of(groups).subList(i, Math.min(groups.length, i + 6)));
            t.add(Entry.Kind.PLAIN, clock.instant(), "      " + row);
        }
    }

    private String currentView() {
        return state.open() == null ? UiState.CONSOLE : state.open();
    }

    void note(Entry.Kind kind, String text) {
        model.view(currentView()).add(kind, clock.instant(), text);
    }
}
