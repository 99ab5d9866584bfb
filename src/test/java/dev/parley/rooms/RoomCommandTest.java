package dev.parley.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.parley.chat.ChatException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which lines are room commands: the rest go to the chat's parser. */
class RoomCommandTest {
    @Test
    void declineIsARoomsOnlyWithAHashElseItAnswersAFileOffer() throws Exception {
        assertEquals(Optional.of(new RoomCommand.Decline("#lunch")), RoomCommand.parse("/decline #lunch"));
        assertEquals(Optional.empty(), RoomCommand.parse("/decline 3"), "a transfer's short number");
        assertEquals(Optional.empty(), RoomCommand.parse("/decline 3f2a9c"), "a transfer's id");
    }

    @Test
    void msgIsARoomsOnlyToAHashName() throws Exception {
        assertEquals(Optional.of(new RoomCommand.Send("#lunch", "hi all")), RoomCommand.parse("/msg #lunch hi all"));
        assertEquals(Optional.empty(), RoomCommand.parse("/msg bob hi"));
        assertEquals("bad-command", assertThrows(ChatException.class, () -> RoomCommand.parse("/msg #lunch")).code());
    }

    @Test
    void theOtherRoomCommandsTakeTheirArguments() throws Exception {
        assertEquals(Optional.of(new RoomCommand.Create("lunch", "friday plans")),
                RoomCommand.parse("/room create lunch friday plans"));
        assertEquals(Optional.of(new RoomCommand.Join("#lunch")), RoomCommand.parse("/join #lunch"));
        assertEquals(Optional.of(new RoomCommand.Kick("#lunch", "bob")), RoomCommand.parse("/kick #lunch bob"));
        assertEquals(Optional.of(new RoomCommand.Topic("#lunch", "new topic")), RoomCommand.parse("/topic #lunch new topic"));
        assertEquals("bad-command", assertThrows(ChatException.class, () -> RoomCommand.parse("/invite #lunch")).code());
        assertEquals(Optional.empty(), RoomCommand.parse("/peers"));
    }
}
