package dev.parley.rooms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signed roster and the room records, as bytes: round trips and every malformation refused. */
class RosterTest {
    private static final Keys ALICE = Keys.of(1);
    private static final Keys BOB = Keys.of(2);
    private static final Keys CAROL = Keys.of(3);
    private static final byte[] ROOM = new byte[16];

    static {
        Arrays.fill(ROOM, (byte) 0x42);
    }

    private static Roster roster() {
        return Roster.sign(ROOM, 3, "lunch", "noon, ground floor",
                List.of(ALICE.member("alice"), BOB.member("bob"), CAROL.member("carol")), ALICE.signer());
    }

    @Test
    void aSignedRosterRoundTrips() throws Exception {
        Roster r = roster();
        Roster back = Roster.parse(r.encoded());
        assertEquals(3, back.version());
        assertEquals("lunch", back.name());
        assertEquals("noon, ground floor", back.topic());
        assertEquals(List.of(ALICE.fingerprint(), BOB.fingerprint(), CAROL.fingerprint()), back.fingerprints());
        assertEquals(ALICE.fingerprint(), back.ownerFingerprint());
        assertArrayEquals(ROOM, back.roomId());
        assertArrayEquals(r.encoded(), back.encoded());
    }

    @Test
    void theSignatureCoversTheDomainAndEveryByte() {
        byte[] good = roster().encoded();
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 1;
            assertThrows(RoomFormatException.class, () -> Roster.parse(bad), "flipped byte " + i);
        }
        // a signature over the body without the domain prefix does not verify
        byte[] body = Arrays.copyOf(good, good.length - 64);
        byte[] sig = ALICE.signer().apply(body);
        byte[] undomained = ByteBuffer.allocate(good.length).put(body).put(sig).array();
        RoomFormatException e = assertThrows(RoomFormatException.class, () -> Roster.parse(undomained));
        assertTrue(e.getMessage().contains("signature"));
    }

    @Test
    void successorsClimbWithinTheU32AndTiesOrderByTheSignedBytes() throws Exception {
        Roster r = roster();
        Roster skipped = r.successor(r.version() + RoomsEngine.RESTART_VERSION_GAP, "later", r.members(), ALICE.signer());
        assertEquals(3 + RoomsEngine.RESTART_VERSION_GAP, Roster.parse(skipped.encoded()).version());
        assertThrows(IllegalArgumentException.class, () -> r.successor(r.version(), "", r.members(), ALICE.signer()));
        Roster last = r.successor(Roster.MAX_VERSION, "", r.members(), ALICE.signer());
        assertEquals(Roster.MAX_VERSION, Roster.parse(last.encoded()).version(), "the top of the u32 round-trips");
        assertThrows(IllegalArgumentException.class, () -> last.next("", r.members(), ALICE.signer()));
        Roster a = r.next("a", r.members(), ALICE.signer());
        Roster b = r.next("b", r.members(), ALICE.signer());
        assertEquals(a.version(), b.version());
        assertEquals(-Integer.signum(b.compareTo(a)), Integer.signum(a.compareTo(b)));
        assertTrue(a.compareTo(b) != 0, "two contents at one version are ordered");
        assertEquals(0, a.compareTo(Roster.parse(a.encoded())));
        assertTrue(skipped.compareTo(a) > 0 && r.compareTo(a) < 0, "the version decides first");
    }

    @Test
    void onlyTheOwnerCanSign() {
        // bob signs a roster naming alice as owner: refused
        byte[] forged = Roster.sign(ROOM, 4, "lunch", "", List.of(BOB.member("bob")), BOB.signer()).encoded();
        byte[] body = Arrays.copyOf(forged, forged.length - 64);
        System.arraycopy(ALICE.pub(), 0, body, 20, 32); // owner field := alice
        byte[] sig = BOB.signer().apply(Roster.signedMessage(body));
        byte[] bad = ByteBuffer.allocate(forged.length).put(body).put(sig).array();
        assertThrows(RoomFormatException.class, () -> Roster.parse(bad)); // member 0 is not the owner
    }

    @Test
    void truncationsAndTrailingBytesAreRefused() {
        byte[] good = roster().encoded();
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThrows(RoomFormatException.class, () -> Roster.parse(cut), "length " + n);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThrows(RoomFormatException.class, () -> Roster.parse(longer));
        assertThrows(RoomFormatException.class, () -> Roster.parse(null));
    }

    @Test
    void boundsAreEnforcedWhenSigning() {
        List<Roster.Member> dup = List.of(ALICE.member("a"), BOB.member("b"), BOB.member("b2"));
        assertThrows(IllegalArgumentException.class, () -> Roster.sign(ROOM, 1, "x", "", dup, ALICE.signer()));
        List<Roster.Member> many = new ArrayList<>();
        for (int i = 0; i < Roster.MAX_MEMBERS + 1; i++) {
            many.add(Keys.of(100 + i).member("m" + i));
        }
        assertThrows(IllegalArgumentException.class,
                () -> Roster.sign(ROOM, 1, "x", "", many, Keys.of(100).signer()));
        assertEquals(32, Roster.sign(ROOM, 1, "x", "", many.subList(0, 32), Keys.of(100).signer()).members().size());
        assertThrows(IllegalArgumentException.class,
                () -> Roster.sign(ROOM, 1, "", "", List.of(ALICE.member("a")), ALICE.signer()));
        assertThrows(IllegalArgumentException.class,
                () -> Roster.sign(ROOM, 1, "n", "t".repeat(257), List.of(ALICE.member("a")), ALICE.signer()));
        assertThrows(IllegalArgumentException.class,
                () -> Roster.sign(ROOM, 0, "n", "", List.of(ALICE.member("a")), ALICE.signer()));
        assertThrows(IllegalArgumentException.class,
                () -> Roster.sign(ROOM, 1, "n".repeat(65), "", List.of(ALICE.member("a")), ALICE.signer()));
    }

    @Test
    void aFullRosterIsUnderThreeAndAHalfKiB() {
        List<Roster.Member> many = new ArrayList<>();
        for (int i = 0; i < Roster.MAX_MEMBERS; i++) {
            many.add(Keys.of(200 + i).member("n".repeat(64)));
        }
        Roster r = Roster.sign(ROOM, 1, "n".repeat(64), "t".repeat(256), many, Keys.of(200).signer());
        assertTrue(r.encoded().length < 3584, r.encoded().length + " bytes");
    }

    @Test
    void invalidUtf8IsRefused() {
        Roster r = Roster.sign(ROOM, 1, "ab", "", List.of(ALICE.member("a")), ALICE.signer());
        byte[] body = Arrays.copyOf(r.encoded(), r.encoded().length - 64);
        body[16 + 4 + 32 + 1] = (byte) 0xff; // first byte of the name
        byte[] sig = ALICE.signer().apply(Roster.signedMessage(body));
        byte[] bad = ByteBuffer.allocate(body.length + 64).put(body).put(sig).array();
        assertTrue(assertThrows(RoomFormatException.class, () -> Roster.parse(bad)).getMessage().contains("UTF-8"));
    }

    @Test
    void recordsRoundTrip() throws Exception {
        Roster r = roster();
        byte[] id = new byte[16];
        id[3] = 9;
        byte[] inst = {1, 2, 3, 4, 5, 6, 7, 8};
        List<RoomWire.Seen> h = List.of(new RoomWire.Seen(1, inst, 7), new RoomWire.Seen(2, inst, 1));
        List<RoomWire.Rec> all = List.of(new RoomWire.Invite(r, "come along"), new RoomWire.Join(ROOM, 3),
                new RoomWire.Decline(ROOM), new RoomWire.RosterUpdate(r), new RoomWire.Leave(ROOM),
                new RoomWire.Msg(ROOM, id, 1234567L, 5, h, "hello ✓"), new RoomWire.State(ROOM, 3, h));
        for (RoomWire.Rec rec : all) {
            byte[] body = RoomWire.encode(rec);
            RoomWire.Rec back = RoomWire.decode(RoomWire.type(rec), body);
            assertArrayEquals(body, RoomWire.encode(back), rec.getClass().getSimpleName());
            for (int n = 0; n < body.length; n++) {
                byte[] cut = Arrays.copyOf(body, n);
                if (!(rec instanceof RoomWire.RosterUpdate) || n < body.length) {
                    int len = n;
                    byte type = RoomWire.type(rec);
                    if (rec instanceof RoomWire.Msg && n >= 16 + 16 + 8 + 4 + 1 + 26) {
                        continue; // a shorter text is still a message
                    }
                    assertThrows(RoomFormatException.class, () -> RoomWire.decode(type, cut), rec + " at " + len);
                }
            }
            if (!(rec instanceof RoomWire.Msg)) {
                byte[] longer = Arrays.copyOf(body, body.length + 1);
                assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.type(rec), longer));
            }
        }
    }

    @Test
    void anInvitationsOfferIdIsAnOptionalTrailingU64AndWithoutItTheBodyIsAsBefore() throws Exception {
        Roster r = roster();
        byte[] plain = RoomWire.encode(new RoomWire.Invite(r, "hi"));
        assertArrayEquals(plain, RoomWire.encode(new RoomWire.Invite(r, "hi", 0)), "offer 0: no field");
        assertEquals(0, ((RoomWire.Invite) RoomWire.decode(RoomWire.INVITE, plain)).offer());
        byte[] withOffer = RoomWire.encode(new RoomWire.Invite(r, "hi", 0x0102030405060708L));
        assertEquals(plain.length + 8, withOffer.length);
        assertArrayEquals(plain, Arrays.copyOf(withOffer, plain.length), "the old body, then the field");
        assertEquals(0x0102030405060708L, ByteBuffer.wrap(withOffer, plain.length, 8).getLong());
        RoomWire.Invite back = (RoomWire.Invite) RoomWire.decode(RoomWire.INVITE, withOffer);
        assertEquals(0x0102030405060708L, back.offer());
        assertEquals("hi", back.note());
        assertEquals(-1L, ((RoomWire.Invite) RoomWire.decode(RoomWire.INVITE,
                RoomWire.encode(new RoomWire.Invite(r, "", -1L)))).offer());
        byte[] zero = Arrays.copyOf(plain, plain.length + 8);
        assertTrue(assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.INVITE, zero))
                .getMessage().contains("offer id 0"), "one encoding only");
        for (int extra : new int[] {1, 7, 9, 16}) {
            byte[] odd = Arrays.copyOf(withOffer, plain.length + extra);
            assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.INVITE, odd), extra + " bytes after the note");
        }
    }

    @Test
    void roomMessageBounds() throws Exception {
        byte[] id = new byte[16];
        byte[] inst = new byte[8];
        List<RoomWire.Seen> full = new ArrayList<>();
        for (int i = 0; i < Roster.MAX_MEMBERS; i++) {
            full.add(new RoomWire.Seen(i, inst, 0xffffffffL));
        }
        RoomWire.Msg big = new RoomWire.Msg(ROOM, id, 1, 0xffffffffL, full, "x".repeat(RoomWire.MAX_TEXT_BYTES));
        byte[] body = RoomWire.encode(big);
        assertTrue(body.length <= dev.parley.wire.Limits.MAX_RECORD_BODY, "a full message fits in one record");
        assertEquals(0xffffffffL, ((RoomWire.Msg) RoomWire.decode(RoomWire.MSG, body)).seq());
        assertThrows(IllegalArgumentException.class, () -> RoomWire.encode(
                new RoomWire.Msg(ROOM, id, 1, 1, List.of(), "x".repeat(RoomWire.MAX_TEXT_BYTES + 1))));
        byte[] over = Arrays.copyOf(body, body.length + 1);
        over[over.length - 1] = 'x';
        assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.MSG, over));
        // a repeated index in a horizon is refused
        byte[] rep = RoomWire.encode(new RoomWire.Msg(ROOM, id, 1, 1,
                List.of(new RoomWire.Seen(1, inst, 1), new RoomWire.Seen(2, inst, 1)), "t"));
        rep[16 + 16 + 8 + 4 + 1 + 13] = 1;
        assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.MSG, rep));
        // seq 0 is refused
        byte[] zero = RoomWire.encode(new RoomWire.Msg(ROOM, id, 1, 1, List.of(), "t"));
        zero[16 + 16 + 8 + 3] = 0;
        assertThrows(RoomFormatException.class, () -> RoomWire.decode(RoomWire.MSG, zero));
    }
}
