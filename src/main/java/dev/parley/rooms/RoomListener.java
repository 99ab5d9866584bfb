package dev.parley.rooms;

import java.util.List;

/**
 * What the rooms engine tells the front ends. Called after the engine's lock is released, one event at a
 * time, in order (see {@link dev.parley.chat.EventQueue}); an implementation must only queue and return.
 */
public interface RoomListener {
    /** A room we hold was created, changed (roster, topic, members' states) or recovered. */
    default void roomChanged(RoomInfo room) {}

    /** An invitation, or an offer to take back a room we were in before a restart ({@code rejoin}). */
    default void invited(RoomInvite invite) {}

    /** A member's message arrived (never our own). */
    default void messageReceived(RoomMessage message) {}

    /** Who has acknowledged our message {@code id} in {@code room}, and who has not yet. */
    default void statusChanged(String room, String id, List<String> delivered, List<String> pending) {}

    /**
     * Our message with its marks as they now stand ({@link RoomMessage#sent}, {@link RoomMessage#delivered},
     * {@link RoomMessage#members}); follows each {@link #statusChanged}, for a front end that shows counts.
     */
    default void messageChanged(RoomMessage message) {}

    /** We no longer hold the room: {@code left}, {@code removed} or {@code owner-gone}. */
    default void left(String room, String name, String reason) {}

    /** Something the user should know: {@code room-removed-sender}, {@code room-refused}, ... */
    default void warning(String code, String room, String message) {}
}
