package dev.parley.rooms;

import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A room's owner-signed, versioned roster (docs/PROTOCOL.md, "Rooms"): {@code body || Ed25519(owner,
 * "parley/1 room roster" || body)}. The owner is always member 0. {@link #parse} is strict (length
 * fields, UTF-8, no trailing bytes, no duplicate keys, the bounds below) and verifies the signature,
 * so a Roster in hand is always one its owner signed. Immutable.
 */
public final class Roster {
    public static final int ROOM_ID_LEN = 16;
    public static final int KEY_LEN = 32;
    public static final int SIGNATURE_LEN = 64;
    public static final int MAX_MEMBERS = 32;
    public static final int MAX_NAME_BYTES = 64;
    public static final int MAX_TOPIC_BYTES = 256;
    public static final int MAX_NICK_BYTES = 64;
    /** The highest version: the field is a u32 (docs/PROTOCOL.md). */
    public static final long MAX_VERSION = 0xffffffffL;
    /** The domain separation prefix of the signed message. */
    static final byte[] DOMAIN = "parley/1 room roster".getBytes(StandardCharsets.US_ASCII);

    /** One member: its raw Ed25519 key and the nickname the owner knew it by (a hint, never proof). */
    public record Member(byte[] publicKey, String nick) {
        public Member {
            publicKey = publicKey.clone();
        }

        public String fingerprint() {
            return Fingerprints.of(publicKey);
        }

        @Override
        public byte[] publicKey() {
            return publicKey.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Member m && Arrays.equals(publicKey, m.publicKey) && nick.equals(m.nick);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(publicKey) * 31 + nick.hashCode();
        }
    }

    private final byte[] roomId;
    private final long version;
    private final String name;
    private final String topic;
    private final List<Member> members;
    private final List<String> fingerprints;
    private final byte[] signed;

    private Roster(byte[] roomId, long version, String name, String topic, List<Member> members, byte[] signed) {
        this.roomId = roomId;
        this.version = version;
        this.name = name;
        this.topic = topic;
        this.members = List.copyOf(members);
        this.fingerprints = this.members.stream().map(Member::fingerprint).toList();
        this.signed = signed;
    }

    /**
     * Builds and signs a roster; {@code members.get(0)} must be the owner, whose private key {@code sign}
     * uses. Checks every bound {@link #parse} checks.
     *
     * @throws IllegalArgumentException if the values break a bound
     */
    public static Roster sign(byte[] roomId, long version, String name, String topic, List<Member> members,
                              Function<byte[], byte[]> sign) {
        byte[] body = body(roomId, version, name, topic, members);
        byte[] signature = sign.apply(signedMessage(body));
        byte[] all = ByteBuffer.allocate(body.length + SIGNATURE_LEN).put(body).put(signature).array();
        try {
            return parse(all);
        } catch (RoomFormatException e) {
            throw new IllegalArgumentException("cannot sign this roster: " + e.getMessage(), e);
        }
    }

    private static byte[] body(byte[] roomId, long version, String name, String topic, List<Member> members) {
        if (roomId.length != ROOM_ID_LEN || version < 1 || version > MAX_VERSION || members.isEmpty()
                || members.size() > MAX_MEMBERS) {
            throw new IllegalArgumentException("room id, version or member count out of range");
        }
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        if (n.length < 1 || n.length > MAX_NAME_BYTES || t.length > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("room name or topic too long");
        }
        ByteBuffer b = ByteBuffer.allocate(ROOM_ID_LEN + 4 + KEY_LEN + 1 + n.length + 2 + t.length + 1
                + members.size() * (KEY_LEN + 1 + MAX_NICK_BYTES));
        b.put(roomId).putInt((int) version).put(members.get(0).publicKey());
        b.put((byte) n.length).put(n).putShort((short) t.length).put(t).put((byte) members.size());
        for (Member m : members) {
            byte[] nick = m.nick().getBytes(StandardCharsets.UTF_8);
            if (nick.length > MAX_NICK_BYTES) {
                throw new IllegalArgumentException("nickname hint too long");
            }
            b.put(m.publicKey()).put((byte) nick.length).put(nick);
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    static byte[] signedMessage(byte[] body) {
        return ByteBuffer.allocate(DOMAIN.length + body.length).put(DOMAIN).put(body).array();
    }

    /**
     * Parses a signed roster strictly and verifies its owner's signature.
     *
     * @throws RoomFormatException naming what is wrong; never any other exception
     */
    public static Roster parse(byte[] signed) throws RoomFormatException {
        if (signed == null || signed.length < ROOM_ID_LEN + 4 + KEY_LEN + 1 + 1 + 2 + 1 + SIGNATURE_LEN) {
            throw new RoomFormatException("roster too short");
        }
        ByteBuffer b = ByteBuffer.wrap(signed, 0, signed.length - SIGNATURE_LEN);
        byte[] roomId = take(b, ROOM_ID_LEN);
        long version = b.getInt() & 0xffffffffL;
        if (version == 0) {
            throw new RoomFormatException("roster version 0");
        }
        byte[] owner = take(b, KEY_LEN);
        String name = utf8(take(b, need(b, 1) & 0xff));
        if (name.isEmpty()) {
            throw new RoomFormatException("empty room name");
        }
        int topicLen = need(b, 2) & 0xffff;
        if (topicLen > MAX_TOPIC_BYTES) {
            throw new RoomFormatException("topic over " + MAX_TOPIC_BYTES + " bytes");
        }
        String topic = utf8(take(b, topicLen));
        int n = need(b, 1) & 0xff;
        if (n < 1 || n > MAX_MEMBERS) {
            throw new RoomFormatException("member count " + n + " outside 1.." + MAX_MEMBERS);
        }
        List<Member> members = new ArrayList<>(n);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            byte[] key = take(b, KEY_LEN);
            int nickLen = need(b, 1) & 0xff;
            if (nickLen > MAX_NICK_BYTES) {
                throw new RoomFormatException("nickname hint over " + MAX_NICK_BYTES + " bytes");
            }
            String nick = utf8(take(b, nickLen));
            if (!seen.add(HexFormat.of().formatHex(key))) {
                throw new RoomFormatException("duplicate member key");
            }
            members.add(new Member(key, nick));
        }
        if (b.hasRemaining()) {
            throw new RoomFormatException("trailing bytes after the members");
        }
        if (!Arrays.equals(members.get(0).publicKey(), owner)) {
            throw new RoomFormatException("member 0 is not the owner");
        }
        byte[] body = Arrays.copyOf(signed, signed.length - SIGNATURE_LEN);
        byte[] signature = Arrays.copyOfRange(signed, signed.length - SIGNATURE_LEN, signed.length);
        if (!Ed25519.verify(owner, signedMessage(body), signature)) {
            throw new RoomFormatException("the owner's signature does not verify");
        }
        return new Roster(roomId, version, name, topic, members, signed.clone());
    }

    private static int need(ByteBuffer b, int n) throws RoomFormatException {
        if (b.remaining() < n) {
            throw new RoomFormatException("roster truncated");
        }
        return n == 1 ? b.get() : b.getShort();
    }

    private static byte[] take(ByteBuffer b, int n) throws RoomFormatException {
        if (b.remaining() < n) {
            throw new RoomFormatException("roster truncated");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    static String utf8(byte[] bytes) throws RoomFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new RoomFormatException("text is not UTF-8");
        }
    }

    /** A successor to this roster: version + 1, signed by {@code sign} (the owner's key). */
    public Roster next(String newTopic, List<Member> newMembers, Function<byte[], byte[]> sign) {
        return successor(version + 1, newTopic, newMembers, sign);
    }

    /**
     * A successor to this roster at {@code newVersion}, signed by {@code sign} (the owner's key).
     *
     * @throws IllegalArgumentException if {@code newVersion} is not above this version or over {@link #MAX_VERSION}
     */
    public Roster successor(long newVersion, String newTopic, List<Member> newMembers, Function<byte[], byte[]> sign) {
        if (newVersion <= version) {
            throw new IllegalArgumentException("a successor's version must be higher");
        }
        return sign(roomId, newVersion, name, newTopic, newMembers, sign);
    }

    /**
     * The order of two rosters of one room: by version, and for the same version (only a restarted owner
     * signs two, docs/PROTOCOL.md) by their signed bytes, so every holder keeps the same one.
     */
    public int compareTo(Roster other) {
        int c = Long.compare(version, other.version);
        return c != 0 ? c : Arrays.compareUnsigned(signed, other.signed);
    }

    public byte[] roomId() { return roomId.clone(); }
    public String roomHex() { return HexFormat.of().formatHex(roomId); }
    public long version() { return version; }
    public String name() { return name; }
    public String topic() { return topic; }
    public List<Member> members() { return members; }
    public byte[] ownerKey() { return members.get(0).publicKey(); }
    public String ownerFingerprint() { return fingerprints.get(0); }
    /** The members' fingerprints, in roster order (index = member index). */
    public List<String> fingerprints() { return fingerprints; }
    public boolean has(String fingerprint) { return fingerprints.contains(fingerprint); }
    public int indexOf(String fingerprint) { return fingerprints.indexOf(fingerprint); }
    /** The signed bytes, as sent in ROOM_ROSTER and ROOM_INVITE. */
    public byte[] encoded() { return signed.clone(); }
    int encodedLength() { return signed.length; }
}
