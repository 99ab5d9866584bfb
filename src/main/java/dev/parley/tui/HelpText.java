package dev.parley.tui;

import dev.parley.chat.CommandParser;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The help shown by F1 and /help: keys, commands, what the marks mean. Stateless. */
final class HelpText {
    static final List<String> KEYS = List.of(
            "Keys",
            "  Up/Down         move in the peer list; in the input: history",
            "  Enter           open the selected conversation; in the input: send",
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
            "  an underlined address is a link: (Ctrl-)click it, as the terminal has it (links setting)");

    private HelpText() {}

    static List<String> lines() {
        List<String> out = new ArrayList<>(KEYS);
        out.add("");
        out.add("Commands");
        for (String h : CommandParser.HELP) {
            out.add("  " + h);
        }
        out.add("");
        out.addAll(MARKS);
        return out;
    }

    static Transcript transcript() {
        Transcript t = new Transcript();
        for (String line : lines()) {
            t.add(Entry.Kind.PLAIN, Instant.EPOCH, line);
        }
        return t;
    }
}
