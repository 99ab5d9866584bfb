package dev.parley.rooms;

import java.util.List;

/**
 * An invitation waiting for {@code /join} or {@code /decline}: from {@code from} (the owner, or for a
 * {@code rejoin} offer any member still holding the room), with the members as the roster lists them
 * and the inviter's trust here. Immutable.
 */
public record RoomInvite(String room, String name, String from, String fromNick, String fromTrust,
                         List<RoomInfo.Member> members, String note, boolean rejoin) {
    public RoomInvite {
        members = List.copyOf(members);
    }
}
