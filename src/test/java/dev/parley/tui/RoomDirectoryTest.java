package dev.parley.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.rooms.RoomInfo;
import dev.parley.rooms.RoomInvite;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The names commands take for rooms and invitations. */
class RoomDirectoryTest {
    private static final String A = "3f2a" + "0".repeat(28);
    private static final String B = "9c01" + "0".repeat(28);

    private static RoomInfo room(String id, String name) {
        return new RoomInfo(id, name, "SHA256:o", 1, "", List.of(), false, 0);
    }

    private static RoomInvite invite(String id, String name) {
        return new RoomInvite(id, name, "SHA256:o", "bob", "known", List.of(), "", false);
    }

    @Test
    void twoRoomsOfOneNameAreToldApartByTheirIdsFirstDigits() {
        RoomDirectory d = new RoomDirectory();
        d.put(room(A, "lunch"));
        assertEquals("#lunch", d.label(room(A, "lunch")));
        d.put(room(B, "Lunch"));
        assertEquals("#lunch~3f2a", d.label(room(A, "lunch")));
        assertEquals("#Lunch~9c01", d.label(room(B, "Lunch")));
    }

    @Test
    void twoInvitationsOfOneNameAreAnsweredByTheRoomsId() {
        RoomDirectory d = new RoomDirectory();
        d.invite(invite(A, "lunch"));
        assertEquals("#lunch", d.label(invite(A, "lunch")));
        d.invite(invite(B, "lunch"));
        assertEquals("#" + A, d.label(invite(A, "lunch")));
    }

    @Test
    void aNameNoCommandCouldTakeIsReplacedByTheId() {
        RoomDirectory d = new RoomDirectory();
        d.put(room(A, "lunch time"));
        d.invite(invite(B, "#tea"));
        assertEquals("#" + A, d.label(room(A, "lunch time")));
        assertEquals("#" + B, d.label(invite(B, "#tea")));
    }
}
