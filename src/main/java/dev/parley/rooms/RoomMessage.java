package dev.parley.rooms;

import java.time.Instant;
import java.util.List;

/**
 * One message in a room. {@code late}: it arrived after another member's message that had already
 * shown it as missing. {@code missingBefore}: messages its author had seen (or sent) that we have not
 * received, per member, at the time it arrived. For our own messages, {@code delivered} and
 * {@code members} give the marks ({@code ✓ 2/3}: sent to 2 of 3; {@code ✓✓ 3/3}: all acknowledged).
 * Immutable.
 */
public record RoomMessage(String room, String id, String from, String nick, String text, Instant time,
                          boolean outgoing, boolean late, List<Missing> missingBefore, int sent, int delivered,
                          int members) {
    public RoomMessage {
        missingBefore = List.copyOf(missingBefore);
    }

    public record Missing(String from, String nick, long count) {}

    RoomMessage withMarks(int sent, int delivered, int members) {
        return new RoomMessage(room, id, from, nick, text, time, outgoing, late, missingBefore, sent, delivered,
                members);
    }
}
