package dev.parley.net;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Presence;
import dev.parley.wire.FileRecords;
import dev.parley.wire.MalformedRecordException;
import dev.parley.wire.RecordType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** Maps the chat engine's records to wire record types and bodies, and back. Stateless. */
final class RecordMapper {
    private static final HexFormat HEX = HexFormat.of();

    private RecordMapper() {}

    static byte type(ChatRecord r) {
        if (r instanceof ChatRecord.Text) return RecordType.CHAT;
        if (r instanceof ChatRecord.Ack) return RecordType.ACK;
        if (r instanceof ChatRecord.NickChange) return RecordType.NICK;
        if (r instanceof ChatRecord.PresenceChange) return RecordType.PRESENCE;
        if (r instanceof ChatRecord.RoomRecord room) return room.type();
        if (r instanceof ChatRecord.File f) return f.type();
        return RecordType.TYPING;
    }

    static byte[] body(ChatRecord r) {
        if (r instanceof ChatRecord.Text t) {
            byte[] text = t.text().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(24 + text.length).put(id(t.id())).putLong(t.time()).put(text).array();
        }
        if (r instanceof ChatRecord.Ack a) return id(a.id());
        if (r instanceof ChatRecord.NickChange n) return n.nickname().getBytes(StandardCharsets.UTF_8);
        if (r instanceof ChatRecord.PresenceChange p) return new byte[] {(byte) (p.presence() == Presence.AWAY ? 1 : 0)};
        if (r instanceof ChatRecord.RoomRecord room) return room.body();
        if (r instanceof ChatRecord.File f) return f.body();
        return new byte[] {(byte) (((ChatRecord.Typing) r).active() ? 1 : 0)};
    }

    /** The chat record for a wire record, or null for types that are not the chat engine's. */
    static ChatRecord decode(byte type, byte[] body) throws MalformedRecordException {
        switch (type) {
            case RecordType.CHAT -> {
                need(body.length >= 24, "CHAT body too short");
                // a text /msg could not send is not shown: none (nothing to show), or over the limit
                need(body.length > 24 && body.length - 24 <= ChatRecord.MAX_TEXT_BYTES, "CHAT text length");
                ByteBuffer b = ByteBuffer.wrap(body);
                byte[] id = new byte[16];
                b.get(id);
                long time = b.getLong();
                return new ChatRecord.Text(HEX.formatHex(id), time, utf8(Arrays.copyOfRange(body, 24, body.length)));
            }
            case RecordType.ACK -> {
                need(body.length == 16, "ACK body is not 16 bytes");
                return new ChatRecord.Ack(HEX.formatHex(body));
            }
            case RecordType.NICK -> {
                need(body.length >= 1 && body.length <= ChatRecord.MAX_NICK_BYTES, "NICK body length");
                return new ChatRecord.NickChange(utf8(body));
            }
            case RecordType.PRESENCE -> {
                need(body.length == 1 && (body[0] == 0 || body[0] == 1), "PRESENCE body");
                return new ChatRecord.PresenceChange(body[0] == 1 ? Presence.AWAY : Presence.ONLINE);
            }
            case RecordType.TYPING -> {
                need(body.length == 1 && (body[0] == 0 || body[0] == 1), "TYPING body");
                return new ChatRecord.Typing(body[0] == 1);
            }
            case RecordType.ROOM_INVITE, RecordType.ROOM_JOIN, RecordType.ROOM_DECLINE, RecordType.ROOM_ROSTER,
                 RecordType.ROOM_MSG, RecordType.ROOM_LEAVE, RecordType.ROOM_STATE -> {
                return new ChatRecord.RoomRecord(type, body); // parsed strictly by the rooms engine
            }
            case RecordType.FILE_OFFER, RecordType.FILE_ACCEPT, RecordType.FILE_DECLINE, RecordType.FILE_CANCEL,
                    RecordType.FILE_RESULT -> {
                checkFile(type, body); // a malformed body ends the session, as for any record
                return new ChatRecord.File(type, body);
            }
            default -> {
                return null;
            }
        }
    }

    private static void checkFile(byte type, byte[] body) throws MalformedRecordException {
        switch (type) {
            case RecordType.FILE_OFFER -> FileRecords.Offer.decode(body);
            case RecordType.FILE_ACCEPT -> FileRecords.Accept.decode(body);
            case RecordType.FILE_RESULT -> FileRecords.Result.decode(body);
            default -> FileRecords.Refusal.decode(body);
        }
    }

    private static byte[] id(String hex) {
        byte[] id = HEX.parseHex(hex);
        if (id.length != 16) {
            throw new IllegalArgumentException("message id must be 128 bits");
        }
        return id;
    }

    private static String utf8(byte[] b) throws MalformedRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedRecordException("text is not UTF-8");
        }
    }

    private static void need(boolean ok, String what) throws MalformedRecordException {
        if (!ok) {
            throw new MalformedRecordException(what);
        }
    }
}
