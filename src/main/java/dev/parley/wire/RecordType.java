package dev.parley.wire;

/**
 * Record types. A receiver ignores a type it does not know (after checking its sequence number), so
 * new types can be added without a new protocol version.
 */
public final class RecordType {
    /** Responder's first record: confirms the traffic keys. Empty body. */
    public static final byte READY = 1;
    /** A chat message: id (16) || author's time in ms (8) || UTF-8 text. */
    public static final byte CHAT = 2;
    /** Acknowledges a CHAT: id (16). */
    public static final byte ACK = 3;
    /** Liveness probe: opaque body (at most 8 bytes) to echo. */
    public static final byte PING = 4;
    /** Answer to PING with the same body. */
    public static final byte PONG = 5;
    /** Authenticated close: the sender is going away; nothing follows. */
    public static final byte BYE = 6;
    /** Typing indicator: 1 byte, 1 typing / 0 stopped. */
    public static final byte TYPING = 7;
    /** Presence: 1 byte, 0 online / 1 away. */
    public static final byte PRESENCE = 8;
    /** New nickname: UTF-8, at most 64 bytes. */
    public static final byte NICK = 9;
    /** File transfer on the session (see {@link FileRecords}): an offer, its answers, the verdicts. */
    public static final byte FILE_OFFER = 20;
    public static final byte FILE_ACCEPT = 21;
    public static final byte FILE_DECLINE = 22;
    public static final byte FILE_CANCEL = 23;
    public static final byte FILE_RESULT = 24;
    /** On a bulk channel only: the full manifest (reserved), file data, a file's end, the receiver's progress. */
    public static final byte FILE_MANIFEST = 30;
    public static final byte FILE_DATA = 31;
    public static final byte FILE_END = 32;
    public static final byte FILE_ACK = 33;

    /** Rooms (docs/PROTOCOL.md "Rooms"): an owner's invitation: u16 len || signed roster || u16 len || note. */
    public static final byte ROOM_INVITE = 10;
    /** Rooms: the invitee accepts: room id (16) || u32 version seen. */
    public static final byte ROOM_JOIN = 11;
    /** Rooms: the invitee declines: room id (16). */
    public static final byte ROOM_DECLINE = 12;
    /** Rooms: a signed roster. */
    public static final byte ROOM_ROSTER = 13;
    /** Rooms: a message of the sender's, to one member. */
    public static final byte ROOM_MSG = 14;
    /** Rooms: the sender leaves the room: room id (16). */
    public static final byte ROOM_LEAVE = 15;
    /** Rooms: the sender's roster version and what it received from each member. */
    public static final byte ROOM_STATE = 16;

    private RecordType() {}

    public static String name(byte type) {
        return switch (type) {
            case READY -> "READY";
            case CHAT -> "CHAT";
            case ACK -> "ACK";
            case PING -> "PING";
            case PONG -> "PONG";
            case BYE -> "BYE";
            case TYPING -> "TYPING";
            case PRESENCE -> "PRESENCE";
            case NICK -> "NICK";
            case ROOM_INVITE -> "ROOM_INVITE";
            case ROOM_JOIN -> "ROOM_JOIN";
            case ROOM_DECLINE -> "ROOM_DECLINE";
            case ROOM_ROSTER -> "ROOM_ROSTER";
            case ROOM_MSG -> "ROOM_MSG";
            case ROOM_LEAVE -> "ROOM_LEAVE";
            case ROOM_STATE -> "ROOM_STATE";
            case FILE_OFFER -> "FILE_OFFER";
            case FILE_ACCEPT -> "FILE_ACCEPT";
            case FILE_DECLINE -> "FILE_DECLINE";
            case FILE_CANCEL -> "FILE_CANCEL";
            case FILE_RESULT -> "FILE_RESULT";
            case FILE_MANIFEST -> "FILE_MANIFEST";
            case FILE_DATA -> "FILE_DATA";
            case FILE_END -> "FILE_END";
            case FILE_ACK -> "FILE_ACK";
            default -> "UNKNOWN(" + (type & 0xff) + ")";
        };
    }
}
