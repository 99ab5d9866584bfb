package dev.parley.rooms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/**
 * Hostile bytes to the room codecs: any byte string gives a room record or {@link RoomFormatException},
 * never another exception; any roster that can be signed round-trips exactly; a roster with any byte
 * changed is refused.
 */
class RoomWireProperties {
    @Property
    void arbitraryBytesGiveARecordOrTheDocumentedException(@ForAll @IntRange(min = 10, max = 16) int type,
                                                           @ForAll @Size(max = 600) byte[] body) {
        try {
            RoomWire.Rec r = RoomWire.decode((byte) type, body);
            assertArrayEquals(body, RoomWire.encode(r), "what parses re-encodes to the same bytes");
        } catch (RoomFormatException expected) {
            // documented
        }
    }

    @Property
    void arbitraryBytesNeverGiveARoster(@ForAll @Size(max = 800) byte[] bytes) {
        try {
            Roster.parse(bytes);
            throw new AssertionError("random bytes carried a valid owner signature");
        } catch (RoomFormatException expected) {
            // documented
        }
    }

    @Property(tries = 60)
    void signedRostersRoundTripAndAnyChangeIsRefused(@ForAll @IntRange(min = 1, max = 8) int n,
                                                     @ForAll @StringLength(min = 1, max = 20) String name,
                                                     @ForAll @StringLength(max = 40) String topic,
                                                     @ForAll @IntRange(min = 1, max = 1_000_000) int version,
                                                     @ForAll("positions") int position) throws Exception {
        List<Roster.Member> members = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            members.add(Keys.of(300 + i).member("m" + i));
        }
        Roster r;
        try {
            r = Roster.sign(new byte[16], version, name, topic, members, Keys.of(300).signer());
        } catch (IllegalArgumentException tooLong) {
            return; // a name of multi-byte characters over 64 bytes: refused before signing
        }
        Roster back = Roster.parse(r.encoded());
        assertEquals(r.version(), back.version());
        assertEquals(name, back.name());
        assertEquals(topic, back.topic());
        assertEquals(r.fingerprints(), back.fingerprints());
        byte[] bad = r.encoded();
        bad[position % bad.length] ^= (byte) 0x80;
        try {
            Roster.parse(bad);
            throw new AssertionError("a changed roster was accepted");
        } catch (RoomFormatException expected) {
            // refused
        }
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 10_000);
    }
}
