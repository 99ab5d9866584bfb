package dev.parley.tui;

import dev.parley.chat.CommandParser;
import dev.parley.rooms.RoomCommand;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The help shown by F1 and /help: keys, commands, what the marks mean. Stateless. */
final class HelpText {
    static final List<String> KEYS = List.of(
            "Keys",
            "  Up/Down         move in the list (rooms, then peers); in the input: history",
            "  Enter           open the selected conversation or room; in the input: send (in a room: to it)",
            "  Tab             input: complete a nickname, command, #room or path; empty input or list: switch",
            "  Alt-Enter       a line break in the message (Shift-Enter too, where the terminal reports it)",
            "  Alt-1..Alt-9    open that conversation of the list",
            "  Ctrl-R          search the conversation as you type (Ctrl-R older, Ctrl-S newer, Esc ends)",
            "  Esc             back to the peer list; again: the status view",
            "  Alt-N, Ctrl-N   next conversation with unread messages",
            "  Alt-P, Ctrl-P   previous conversation with unread messages",
            "  PgUp, PgDn      scroll the conversation",
            "  Home, End       list: top/bottom of the conversation; input: start/end of the line",
            "  Ctrl-Home/End   top/bottom of the conversation from anywhere",
            "  Ctrl-W          delete the word before the cursor",
            "  Ctrl-U          delete everything before the cursor",
            "  Ctrl-K          delete to the end;  Ctrl-Y put back what was deleted",
            "  Ctrl-D, Ctrl-T  delete the character under the cursor; swap two characters",
            "  Alt-B, Alt-F    a word back, a word on (Ctrl-Left, Ctrl-Right);  Alt-Backspace delete a word",
            "  /search TEXT    find TEXT in the conversation;  /me ACTION  an action: * alice ACTION",
            "  Ctrl-Z          suspend (fg brings Parley back)",
            "  F1              this help (Esc or F1 closes it)",
            "  Ctrl-L          redraw the screen",
            "  Ctrl-C          leave (asks once while messages are undelivered)");

    static final List<String> MARKS = List.of(
            "Marks",
            "  ● online  ◐ away  ◌ connecting  ○ offline  ⊘ ignored (/unignore)",
            "  ✓ verified  * new  ! key changed: compare safety numbers (/verify) before /trust",
            "  our messages: … queued (24 h at most; /cancel)  ✓ sent  ✓✓ delivered  ✗ failed",
            "  an underlined address is a link: (Ctrl-)click it, as the terminal has it (links setting)",
            "  transfers: ⇣ incoming  ⇡ outgoing, one line each, updated as they go; ✓ saved or sent  ✗ failed,",
            "    cancelled, declined or expired; the footer counts those running (⇅ 2 transfers)");

    static final List<String> ROOM_MARKS = List.of(
            "  rooms: #lunch 3/4  3 of its 4 members online (you included);  ? #lunch  an invitation",
            "  our room messages: … 0/3 queued for all  ✓ 2/3 sent to 2 of the 3 others  ✓✓ 3/3 delivered to all",
            "  ── 1 message from carol missing ──  it had not reached you when the next line came;"
                    + " (late · written 12:03)  it came after such a line",
            "  invitations are never accepted for you; from a key that is new or changed, /verify first");

    private HelpText() {}

    static List<String> lines() {
        return lines(false);
    }

    /** The help, with the room commands and marks when the UI shows rooms. */
    static List<String> lines(boolean rooms) {
        List<String> out = new ArrayList<>(KEYS);
        out.add("");
        out.add("Commands");
        for (String h : CommandParser.HELP) {
            out.add("  " + h);
        }
        if (rooms) {
            out.add("");
            out.add("Rooms (group conversations; in an open room, what you type goes to it)");
            for (String h : RoomCommand.HELP) {
                out.add("  " + h);
            }
        }
        out.add("");
        out.addAll(MARKS);
        if (rooms) {
            out.addAll(ROOM_MARKS);
        }
        return out;
    }

    static Transcript transcript() {
        return transcript(false);
    }

    static Transcript transcript(boolean rooms) {
        Transcript t = new Transcript();
        for (String line : lines(rooms)) {
            t.add(Entry.Kind.PLAIN, Instant.EPOCH, line);
        }
        return t;
    }
}
