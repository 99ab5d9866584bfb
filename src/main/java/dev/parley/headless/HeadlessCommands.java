package dev.parley.headless;

import dev.parley.chat.Chat;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.Command;
import dev.parley.chat.CommandParser;
import dev.parley.chat.PeerInfo;
import java.io.Reader;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import dev.parley.rooms.RoomCommand;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomJoin;
import dev.parley.rooms.RoomMessage;
import dev.parley.rooms.RoomsEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads slash commands, one per line, runs each against the engine, and queues its answer (or one
 * {@code error}). While too many answers wait to be written, it reads no further, so a consumer who sends
 * commands without reading their answers is slowed down instead of filling memory. Runs on the one
 * thread that reads commands; not thread-safe.
 */
final class HeadlessCommands {
    private static final Logger log = LoggerFactory.getLogger(HeadlessCommands.class);

    private final Chat chat;
    private final EventQueue events;
    /** Null without rooms. */
    private final RoomsEngine rooms;

    HeadlessCommands(Chat chat, EventQueue events) {
        this(chat, events, null);
    }

    HeadlessCommands(Chat chat, EventQueue events, RoomsEngine rooms) {
        this.chat = chat;
        this.events = events;
        this.rooms = rooms;
    }

    /** Runs commands until end of input or {@code /quit}, then warns if messages are still undelivered. */
    void run(Reader commands) throws IOException {
        CommandLines lines = new CommandLines(commands);
        String line;
        while (roomForAnswers() && (line = lines.next()) != null) {
            if (line == CommandLines.TOO_LONG) {
                events.offer(Event.error("too-long", "a command line may have at most " + CommandLines.MAX_CHARS
                        + " characters; this one was skipped"));
            } else if (!line.isBlank() && !execute(line)) {
                break;
            }
        }
        warnUndelivered();
    }

    /** Runs one command line; false when it was {@code /quit}. */
    boolean execute(String line) {
        try {
            Optional<RoomCommand> room = rooms == null ? Optional.empty() : RoomCommand.parse(line);
            if (room.isPresent()) {
                room(room.get());
                return true;
            }
            Command c = CommandParser.parse(line);
            if (c instanceof Command.Quit) {
                return false;
            }
            dispatch(c);
        } catch (ChatException e) {
            events.offer(Event.error(e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("headless command failed", e);
            events.offer(Event.error("internal", "the command failed: " + e));
        }
        return true;
    }

    private boolean roomForAnswers() {
        try {
            events.awaitAnswerRoom();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void dispatch(Command c) throws ChatException {
        if (c instanceof Command.Msg m) {
            chat.send(chat.resolve(m.peer()).fingerprint(), m.text()); // its status arrives as an event
        } else if (c instanceof Command.Connect k) {
            chat.connect(k.hostPort());
        } else if (c instanceof Command.Peers) {
            listPeers();
        } else if (c instanceof Command.Nick n) {
            chat.setNickname(n.name()); // the nick event comes from the engine
        } else if (c instanceof Command.Verify v) {
            verify(v);
        } else if (c instanceof Command.Trust t) {
            chat.trust(chat.resolve(t.peer()).fingerprint()); // peer, peer-replaced and peer-removed events follow
        } else if (c instanceof Command.Unverify u) {
            chat.unverify(chat.resolve(u.peer()).fingerprint()); // the peer event with trust "known" follows
        } else if (c instanceof Command.Forget f) {
            chat.forget(chat.resolve(f.peer()).fingerprint()); // peer-removed follows
        } else if (c instanceof Command.Cancel k) {
            chat.cancel(chat.resolve(k.peer()).fingerprint()); // a "failed" status for each follows
        } else if (c instanceof Command.Ignore i) {
            ignore(i);
        } else if (c instanceof Command.SetPresence p) {
            chat.setPresence(p.presence());
            events.offer(Event.answer(() -> EventJson.presence(p.presence())));
        } else if (c instanceof Command.Send s) {
            if (s.peer() == null) {
                throw new ChatException("bad-command", "usage: /send PEER PATH...");
            }
            chat.transfers().send(s.peer(), s.paths()); // its transfer event follows
        } else if (c instanceof Command.TransferAction a) {
            transferAction(a);
        } else if (c instanceof Command.ListTransfers l) {
            if (l.clean()) {
                int n = chat.transfers().clean();
                events.offer(Event.answer(() -> EventJson.transfers(n)));
            } else {
                List<dev.parley.chat.TransferInfo> all = chat.transfers().list();
                all.forEach(t -> events.offer(Event.answer(() -> EventJson.transfer(t))));
                dev.parley.chat.Transfers.Leftovers left = chat.transfers().leftovers();
                events.offer(Event.answer(() -> EventJson.transfers(all.size(), left)));
            }
        } else if (c instanceof Command.Help) {
            List<String> lines = new java.util.ArrayList<>(CommandParser.HELP);
            if (rooms != null) {
                lines.addAll(RoomCommand.HELP);
            }
            events.offer(Event.answer(() -> EventJson.help(lines)));
        } else {
            throw new ChatException("bad-command", "this command is for the full-screen UI only");
        }
    }

    private void room(RoomCommand c) throws ChatException {
        if (c instanceof RoomCommand.Create k) {
            rooms.create(k.name(), k.topic()); // the room event follows
        } else if (c instanceof RoomCommand.ListRooms) {
            List<RoomInfo> all = rooms.rooms();
            List<RoomInvite> invites = rooms.invitations();
            all.forEach(r -> events.offer(Event.answer(() -> RoomEvents.room(r))));
            List<RoomJoin> joining = rooms.joining();
            invites.forEach(i -> events.offer(Event.answer(() -> RoomEvents.invite(i))));
            joining.forEach(j -> events.offer(Event.answer(() -> RoomEvents.join(j))));
            events.offer(Event.answer(() -> RoomEvents.rooms(all.size(), invites.size(), joining.size())));
        } else if (c instanceof RoomCommand.Invite i) {
            PeerInfo p = chat.resolve(i.peer());
            RoomInfo r = rooms.room(i.room());
            boolean now = rooms.invite(r.id(), p.fingerprint(), "");
            events.offer(Event.answer(() -> RoomEvents.invited(r, p, now)));
        } else if (c instanceof RoomCommand.Join j) {
            RoomJoin joined = rooms.join(j.room()); // a rejoin's room event follows; a join's once the owner adds us
            events.offer(Event.answer(() -> RoomEvents.join(joined)));
        } else if (c instanceof RoomCommand.Decline d) {
            RoomInvite declined = rooms.decline(d.room());
            events.offer(Event.answer(() -> RoomEvents.declined(declined)));
        } else if (c instanceof RoomCommand.Leave l) {
            rooms.leave(l.room()); // the room-left event (reason left) answers
        } else if (c instanceof RoomCommand.Kick k) {
            RoomInfo r = rooms.room(k.room());
            String fp = memberFingerprint(r.id(), k.peer());
            String nick = nickOf(r, fp);
            boolean removed = rooms.kick(r.id(), fp); // a member's removal: its room event follows
            events.offer(Event.answer(() -> RoomEvents.kicked(r, fp, nick, removed)));
        } else if (c instanceof RoomCommand.Topic t) {
            rooms.topic(t.room(), t.text()); // the room event with the new topic and version answers
        } else if (c instanceof RoomCommand.Members m) {
            RoomInfo r = rooms.room(m.room());
            events.offer(Event.answer(() -> RoomEvents.room(r)));
        } else if (c instanceof RoomCommand.Send s) {
            RoomMessage m = rooms.send(s.room(), s.text()); // its room-status events follow
            events.offer(Event.answer(() -> RoomEvents.sent(m)));
        }
    }

    /** The nickname of {@code fp}: the roster's, else the chat's, else the fingerprint. */
    private String nickOf(RoomInfo r, String fp) {
        for (RoomInfo.Member m : r.members()) {
            if (m.fingerprint().equals(fp)) {
                return m.nick();
            }
        }
        try {
            return chat.resolve(fp).nickname();
        } catch (ChatException e) {
            return fp;
        }
    }

    /** A member named by the chat's peer lookup, or by a nickname or fingerprint in the roster. */
    private String memberFingerprint(String room, String peer) throws ChatException {
        try {
            return chat.resolve(peer).fingerprint();
        } catch (ChatException e) {
            for (RoomInfo.Member m : rooms.room(room).members()) {
                if (m.nick().equalsIgnoreCase(peer) || m.fingerprint().equals(peer)) {
                    return m.fingerprint();
                }
            }
            throw e;
        }
    }

    /** Each answer is the transfer event that follows from the engine. */
    private void transferAction(Command.TransferAction a) throws ChatException {
        dev.parley.chat.Transfers t = chat.transfers();
        if (a.id() == null) {
            throw new ChatException("bad-command", "usage: /" + a.action() + " ID" + (a.action().equals("accept")
                    ? " [DIR]" : "") + " (headless names the transfer)");
        }
        switch (a.action()) {
            case "accept" -> t.accept(a.id(), a.dir());
            case "decline" -> t.decline(a.id());
            case "cancel" -> t.cancel(a.id());
            case "pause" -> t.pause(a.id());
            default -> t.resume(a.id());
        }
    }

    private void listPeers() {
        List<PeerInfo> all = chat.peers().stream()
                .sorted(Comparator.comparing((PeerInfo p) -> p.nickname().toLowerCase(Locale.ROOT))
                        .thenComparing(PeerInfo::fingerprint))
                .toList();
        all.forEach(p -> events.offer(Event.peer(p)));
        events.offer(Event.answer(() -> EventJson.peers(all.size())));
    }

    private void verify(Command.Verify v) throws ChatException {
        PeerInfo p = chat.resolve(v.peer());
        if (v.confirm()) {
            chat.markVerified(p.fingerprint()); // the peer event with trust "verified" follows
            return;
        }
        String safetyNumber = chat.safetyNumber(p.fingerprint());
        events.offer(Event.answer(() -> EventJson.verify(p, safetyNumber)));
    }

    private void ignore(Command.Ignore i) throws ChatException {
        PeerInfo p = chat.resolve(i.peer());
        if (p.ignored() == i.ignore()) {
            events.offer(Event.peer(p)); // nothing changes: say where it stands
        } else {
            chat.ignore(p.fingerprint(), i.ignore()); // the peer event with "ignored" follows
        }
    }

    private void warnUndelivered() {
        List<ChatMessage> pending = chat.undelivered();
        if (!pending.isEmpty()) {
            events.offer(Event.answer(() -> EventJson.undelivered(pending)));
        }
        List<RoomMessage> roomPending = rooms == null ? List.of() : rooms.undelivered();
        if (!roomPending.isEmpty()) {
            events.offer(Event.error("room-undelivered", roomPending.size()
                    + " room message(s) not yet delivered to every member; they are lost at exit"));
        }
    }
}
