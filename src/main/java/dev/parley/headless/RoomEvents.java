package dev.parley.headless;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.parley.chat.PeerInfo;
import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import dev.parley.rooms.RoomJoin;
import dev.parley.rooms.RoomListener;
import dev.parley.rooms.RoomMessage;
import dev.parley.rooms.RoomsEngine;
import java.util.List;

/**
 * The rooms engine's events as headless events ({@code room}, {@code room-invite}, {@code room-message},
 * {@code room-status}, {@code room-left}, warnings), queued with the same bounds as the chat's: a room
 * message is never dropped and is acknowledged to its author only once its line is written (so the
 * authors' windows bound how many wait); a room's state and a message's status coalesce by key.
 * Thread-safe; each call only queues.
 */
final class RoomEvents implements RoomListener {
    private final EventQueue queue;

    RoomEvents(EventQueue queue) {
        this.queue = queue;
    }

    @Override
    public void roomChanged(RoomInfo room) {
        queue.offer(new Event(Event.Kind.PEER, "room:" + room.id(), null, () -> room(room)));
    }

    @Override
    public void invited(RoomInvite i) {
        queue.offer(new Event(Event.Kind.STATUS, "invite:" + i.room(), null, () -> invite(i)));
    }

    @Override
    public void messageReceived(RoomMessage m) {
        queue.offer(new Event(Event.Kind.MESSAGE, m.id(), RoomsEngine.forHandOver(m), () -> message(m)));
    }

    @Override
    public void statusChanged(String room, String id, List<String> delivered, List<String> pending) {
        queue.offer(new Event(Event.Kind.STATUS, id, null, () -> {
            JsonObject e = event("room-status");
            e.addProperty("room", room);
            e.addProperty("id", id);
            e.add("delivered", strings(delivered));
            e.add("pending", strings(pending));
            return JsonLine.of(e);
        }));
    }

    @Override
    public void left(String room, String name, String reason) {
        queue.offer(new Event(Event.Kind.STATUS, "left:" + room, null, () -> {
            JsonObject e = event("room-left");
            e.addProperty("room", room);
            e.addProperty("name", name);
            e.addProperty("reason", reason);
            return JsonLine.of(e);
        }));
    }

    @Override
    public void warning(String code, String room, String message) {
        queue.offer(new Event(Event.Kind.WARNING, null, null, () -> {
            JsonObject e = event("warning");
            e.addProperty("code", code);
            e.addProperty("room", room);
            e.addProperty("message", message);
            return JsonLine.of(e);
        }));
    }

    static String room(RoomInfo r) {
        JsonObject e = event("room");
        e.addProperty("room", r.id());
        e.addProperty("name", r.name());
        e.addProperty("owner", r.owner());
        e.addProperty("version", r.version());
        e.addProperty("topic", r.topic());
        e.addProperty("unread", r.unread());
        e.add("members", members(r.members()));
        return JsonLine.of(e);
    }

    static String invite(RoomInvite i) {
        JsonObject e = event("room-invite");
        e.addProperty("room", i.room());
        e.addProperty("name", i.name());
        e.addProperty("from", i.from());
        e.addProperty("nick", i.fromNick());
        e.addProperty("trust", i.fromTrust());
        e.addProperty("rejoin", i.rejoin());
        e.add("members", members(i.members()));
        e.addProperty("note", i.note());
        return JsonLine.of(e);
    }

    static String message(RoomMessage m) {
        JsonObject e = event("room-message");
        e.addProperty("room", m.room());
        e.addProperty("id", m.id());
        e.addProperty("from", m.from());
        e.addProperty("nick", m.nick());
        e.addProperty("text", m.text());
        e.addProperty("time", m.time().toEpochMilli());
        e.addProperty("late", m.late());
        JsonArray missing = new JsonArray();
        for (RoomMessage.Missing x : m.missingBefore()) {
            JsonObject o = new JsonObject();
            o.addProperty("from", x.from().isEmpty() ? null : x.from());
            o.addProperty("nick", x.nick());
            o.addProperty("count", x.count());
            missing.add(o);
        }
        e.add("missing_before", missing);
        return JsonLine.of(e);
    }

    static String sent(RoomMessage m) {
        JsonObject e = event("room-sent");
        e.addProperty("room", m.room());
        e.addProperty("id", m.id());
        e.addProperty("sent", m.sent());
        e.addProperty("members", m.members());
        return JsonLine.of(e);
    }

    /** The answer to {@code /invite}: {@code sent} on the invitee's session, or {@code pending} until it is up. */
    static String invited(RoomInfo r, PeerInfo peer, boolean sent) {
        JsonObject e = event("room-invited");
        e.addProperty("room", r.id());
        e.addProperty("name", r.name());
        e.addProperty("peer", peer.fingerprint());
        e.addProperty("nick", peer.nickname());
        e.addProperty("state", sent ? "sent" : "pending");
        return JsonLine.of(e);
    }

    /** The answer to {@code /join}: {@code sent} to the owner, {@code pending} until it is online, or {@code rejoined}. */
    static String join(RoomJoin j) {
        JsonObject e = event("room-join");
        e.addProperty("room", j.room());
        e.addProperty("name", j.name());
        e.addProperty("owner", j.owner());
        e.addProperty("nick", j.ownerNick());
        e.addProperty("state", j.state());
        return JsonLine.of(e);
    }

    /** The answer to {@code /decline}: the invitation, rejoin offer or held {@code /join} withdrawn. */
    static String declined(RoomInvite i) {
        JsonObject e = event("room-declined");
        e.addProperty("room", i.room());
        e.addProperty("name", i.name());
        e.addProperty("from", i.from());
        e.addProperty("nick", i.fromNick());
        e.addProperty("rejoin", i.rejoin());
        return JsonLine.of(e);
    }

    /** The answer to {@code /kick}: {@code removed} (a member; its room event follows) or {@code invitation-withdrawn}. */
    static String kicked(RoomInfo r, String fingerprint, String nick, boolean removed) {
        JsonObject e = event("room-kicked");
        e.addProperty("room", r.id());
        e.addProperty("name", r.name());
        e.addProperty("peer", fingerprint);
        e.addProperty("nick", nick);
        e.addProperty("state", removed ? "removed" : "invitation-withdrawn");
        return JsonLine.of(e);
    }

    /** The end of {@code /rooms}: how many rooms, waiting invitations and {@code /join}s waiting for their owner. */
    static String rooms(int count, int invitations, int joining) {
        JsonObject e = event("rooms");
        e.addProperty("count", count);
        e.addProperty("invitations", invitations);
        e.addProperty("joining", joining);
        return JsonLine.of(e);
    }

    private static JsonArray members(List<RoomInfo.Member> ms) {
        JsonArray a = new JsonArray();
        for (RoomInfo.Member m : ms) {
            JsonObject o = new JsonObject();
            o.addProperty("fingerprint", m.fingerprint());
            o.addProperty("nick", m.nick());
            o.addProperty("state", m.state());
            o.addProperty("trust", m.trust());
            a.add(o);
        }
        return a;
    }

    private static JsonObject event(String name) {
        JsonObject e = new JsonObject();
        e.addProperty("event", name);
        return e;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }
}
