package dev.parley.rooms;

import java.util.List;

/**
 * A snapshot of one room as front ends see it: {@code id} 32 hex digits, the owner's fingerprint, the
 * roster's version, and each member with its state here ({@code online}, {@code offline}, or
 * {@code unreachable}: a session is up but the peer has no rooms) and trust. {@code unread}: messages
 * received since the front end last called {@link RoomsEngine#read}. {@code recovering}: the owner
 * restarted and waits for its members' rosters before it changes anything. Immutable.
 */
public record RoomInfo(String id, String name, String owner, long version, String topic, List<Member> members,
                       boolean weOwn, int unread) {
    public RoomInfo {
        members = List.copyOf(members);
    }

    /** {@code state}: online, offline, unreachable, or self; {@code trust}: new, known, verified, changed. */
    public record Member(String fingerprint, String nick, String state, String trust) {}

    public long online() {
        return members.stream().filter(m -> m.state().equals("online") || m.state().equals("self")).count();
    }

    public String ownerNick() {
        return members.isEmpty() ? owner : members.get(0).nick();
    }
}
