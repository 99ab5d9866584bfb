package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.chat.Session;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The feature bits we announce, as docs/PROTOCOL.md section 6 and 9.1 name them. */
class CapabilitiesTest {
    @Test
    void roomsAndRoomOfferIdsAreBitsZeroAndThreeAndReadBack() {
        assertEquals(Session.FEATURE_ROOMS, Capabilities.FEATURE_ROOMS, "the rooms engine reads the bit the network announces");
        assertEquals(Session.FEATURE_ROOM_OFFERS, Capabilities.FEATURE_ROOM_OFFERS);
        byte[] id = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] caps = Capabilities.instanceAndFeatures(id, Capabilities.FEATURE_ROOMS | Capabilities.FEATURE_ROOM_OFFERS);
        assertEquals(13, caps.length);
        assertArrayEquals(new byte[] {2, 1, 9}, Arrays.copyOfRange(caps, 10, 13), "02 01 09");
        assertEquals(9, Capabilities.featuresOf(caps));
        assertEquals(0, Capabilities.featuresOf(Capabilities.instance(id)), "a peer of before features: none");
    }
}
