package dev.parley.rooms;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The room records (wire types 10 to 16, docs/PROTOCOL.md "Rooms") as values, and their strict codecs.
 * {@link #decode} throws only {@link RoomFormatException}. Stateless.
 */
public final class RoomWire {
    public static final byte INVITE = 10;
    public static final byte JOIN = 11;
    public static final byte DECLINE = 12;
    public static final byte ROSTER = 13;
    public static final byte MSG = 14;
    public static final byte LEAVE = 15;
    public static final byte STATE = 16;
    public static final int ID_LEN = 16;
    public static final int INSTANCE_LEN = 8;
    public static final int MAX_NOTE_BYTES = 256;
    /** Text of one room message at most, in UTF-8 bytes (as a 1:1 message). */
    public static final int MAX_TEXT_BYTES = 32_000;

    private RoomWire() {}

    /** One horizon or state entry: what was received from member {@code index}'s instance, up to {@code seq}. */
    public record Seen(int index, byte[] instance, long seq) {
        public Seen {
            instance = instance.clone();
        }

        @Override
        public byte[] instance() {
            return instance.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Seen s && s.index == index && s.seq == seq && Arrays.equals(s.instance, instance);
        }

        @Override
        public int hashCode() {
            return index * 31 + Long.hashCode(seq) + Arrays.hashCode(instance);
        }
    }

    public sealed interface Rec {}

    /**
     * An invitation; {@code offer} (nonzero) names the owner's {@code /invite} it resends, so that a receiver that
     * declined it tells a resend from a new {@code /invite}; 0 when it carries none (to a peer that did not announce
     * room offer ids, which would refuse the field as trailing bytes).
     */
    public record Invite(Roster roster, String note, long offer) implements Rec {
        public Invite(Roster roster, String note) {
            this(roster, note, 0);
        }
    }

    public record Join(byte[] roomId, long versionSeen) implements Rec {}

    public record Decline(byte[] roomId) implements Rec {}

    public record RosterUpdate(Roster roster) implements Rec {}

    public record Msg(byte[] roomId, byte[] msgId, long time, long seq, List<Seen> horizon, String text) implements Rec {
        public String idHex() {
            return HexFormat.of().formatHex(msgId);
        }
    }

    public record Leave(byte[] roomId) implements Rec {}

    public record State(byte[] roomId, long version, List<Seen> seen) implements Rec {}

    public static byte type(Rec r) {
        if (r instanceof Invite) return INVITE;
        if (r instanceof Join) return JOIN;
        if (r instanceof Decline) return DECLINE;
        if (r instanceof RosterUpdate) return ROSTER;
        if (r instanceof Msg) return MSG;
        if (r instanceof Leave) return LEAVE;
        return STATE;
    }

    public static byte[] encode(Rec r) {
        if (r instanceof Invite i) {
            byte[] roster = i.roster().encoded();
            byte[] note = i.note().getBytes(StandardCharsets.UTF_8);
            if (note.length > MAX_NOTE_BYTES) {
                throw new IllegalArgumentException("note too long");
            }
            ByteBuffer b = ByteBuffer.allocate(2 + roster.length + 2 + note.length + (i.offer() == 0 ? 0 : 8))
                    .putShort((short) roster.length).put(roster).putShort((short) note.length).put(note);
            return i.offer() == 0 ? b.array() : b.putLong(i.offer()).array();
        }
        if (r instanceof Join j) {
            return ByteBuffer.allocate(ID_LEN + 4).put(id(j.roomId())).putInt((int) j.versionSeen()).array();
        }
        if (r instanceof Decline d) return id(d.roomId()).clone();
        if (r instanceof Leave l) return id(l.roomId()).clone();
        if (r instanceof RosterUpdate u) return u.roster().encoded();
        if (r instanceof Msg m) {
            byte[] text = m.text().getBytes(StandardCharsets.UTF_8);
            if (text.length > MAX_TEXT_BYTES || m.horizon().size() > Roster.MAX_MEMBERS) {
                throw new IllegalArgumentException("room message too long");
            }
            ByteBuffer b = ByteBuffer.allocate(ID_LEN * 2 + 8 + 4 + 1 + m.horizon().size() * 13 + text.length);
            b.put(id(m.roomId())).put(id(m.msgId())).putLong(m.time()).putInt((int) m.seq());
            seen(b, m.horizon());
            return b.put(text).array();
        }
        State s = (State) r;
        if (s.seen().size() > Roster.MAX_MEMBERS) {
            throw new IllegalArgumentException("too many state entries");
        }
        ByteBuffer b = ByteBuffer.allocate(ID_LEN + 4 + 1 + s.seen().size() * 13);
        b.put(id(s.roomId())).putInt((int) s.version());
        seen(b, s.seen());
        return b.array();
    }

    private static void seen(ByteBuffer b, List<Seen> entries) {
        b.put((byte) entries.size());
        for (Seen e : entries) {
            if (e.index() < 0 || e.index() >= Roster.MAX_MEMBERS || e.instance().length != INSTANCE_LEN) {
                throw new IllegalArgumentException("bad horizon entry");
            }
            b.put((byte) e.index()).put(e.instance()).putInt((int) e.seq());
        }
    }

    private static byte[] id(byte[] id) {
        if (id.length != ID_LEN) {
            throw new IllegalArgumentException("an id is 16 bytes");
        }
        return id;
    }

    /**
     * Decodes a room record body strictly (lengths exact, UTF-8 valid, rosters signed, no trailing bytes).
     *
     * @throws RoomFormatException naming what is wrong; never any other exception
     */
    public static Rec decode(byte type, byte[] body) throws RoomFormatException {
        if (body == null) {
            throw new RoomFormatException("no body");
        }
        ByteBuffer b = ByteBuffer.wrap(body);
        Rec r;
        switch (type) {
            case INVITE -> {
                int len = u16(b);
                Roster roster = Roster.parse(take(b, len));
                int noteLen = u16(b);
                if (noteLen > MAX_NOTE_BYTES) {
                    throw new RoomFormatException("note over " + MAX_NOTE_BYTES + " bytes");
                }
                String note = Roster.utf8(take(b, noteLen));
                long offer = 0;
                if (b.remaining() == 8) {
                    offer = u64(b);
                    if (offer == 0) {
                        throw new RoomFormatException("offer id 0");
                    }
                }
                r = new Invite(roster, note, offer);
            }
            case JOIN -> r = new Join(take(b, ID_LEN), u32(b));
            case DECLINE -> r = new Decline(take(b, ID_LEN));
            case LEAVE -> r = new Leave(take(b, ID_LEN));
            case ROSTER -> r = new RosterUpdate(Roster.parse(take(b, b.remaining())));
            case MSG -> {
                byte[] room = take(b, ID_LEN);
                byte[] id = take(b, ID_LEN);
                long time = u64(b);
                long seq = u32(b);
                if (seq == 0) {
                    throw new RoomFormatException("room message seq 0");
                }
                List<Seen> horizon = seen(b);
                byte[] text = take(b, b.remaining());
                if (text.length > MAX_TEXT_BYTES) {
                    throw new RoomFormatException("room message text over " + MAX_TEXT_BYTES + " bytes");
                }
                r = new Msg(room, id, time, seq, horizon, Roster.utf8(text));
            }
            case STATE -> r = new State(take(b, ID_LEN), u32(b), seen(b));
            default -> throw new RoomFormatException("not a room record type: " + (type & 0xff));
        }
        if (b.hasRemaining()) {
            throw new RoomFormatException("trailing bytes");
        }
        return r;
    }

    private static List<Seen> seen(ByteBuffer b) throws RoomFormatException {
        int n = take(b, 1)[0] & 0xff;
        if (n > Roster.MAX_MEMBERS) {
            throw new RoomFormatException("over " + Roster.MAX_MEMBERS + " entries");
        }
        List<Seen> out = new ArrayList<>(n);
        boolean[] indices = new boolean[Roster.MAX_MEMBERS];
        for (int i = 0; i < n; i++) {
            int index = take(b, 1)[0] & 0xff;
            if (index >= Roster.MAX_MEMBERS || indices[index]) {
                throw new RoomFormatException("bad or repeated member index " + index);
            }
            indices[index] = true;
            out.add(new Seen(index, take(b, INSTANCE_LEN), u32(b)));
        }
        return out;
    }

    private static int u16(ByteBuffer b) throws RoomFormatException {
        byte[] x = take(b, 2);
        return ((x[0] & 0xff) << 8) | (x[1] & 0xff);
    }

    private static long u32(ByteBuffer b) throws RoomFormatException {
        return ByteBuffer.wrap(take(b, 4)).getInt() & 0xffffffffL;
    }

    private static long u64(ByteBuffer b) throws RoomFormatException {
        return ByteBuffer.wrap(take(b, 8)).getLong();
    }

    private static byte[] take(ByteBuffer b, int n) throws RoomFormatException {
        if (n < 0 || b.remaining() < n) {
            throw new RoomFormatException("record truncated");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
