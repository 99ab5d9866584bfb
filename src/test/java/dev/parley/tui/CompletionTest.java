package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 17 (3): Tab completes nicknames, commands, #rooms and paths for /send. */
class CompletionTest {
    @TempDir
    Path dir;

    private static Harness peers() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBBYfp1", "bobby", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        return h;
    }

    private static String input(Harness h) {
        return h.trimmed(22);
    }

    @Test
    void aNicknameAtTheStartGetsAColonAndTabCyclesThroughSeveral() {
        Harness h = peers();
        h.type("ca");
        h.key(KeyType.Tab);
        assertEquals("bob> carl:", input(h));
        h.ctrl('u');
        h.type("bo");
        h.key(KeyType.Tab);
        assertEquals("bob> bob:", input(h));
        assertTrue(h.row(21).contains("bob: · bobby:"), h.row(21));
        h.key(KeyType.Tab);
        assertEquals("bob> bobby:", input(h));
        h.key(KeyType.Tab);
        assertEquals("bob> bob:", input(h), "round again");
        h.type("hi ca");
        h.key(KeyType.Tab);
        assertEquals("bob> bob: hi carl", input(h), "inside a line: no colon");
    }

    @Test
    void commandsComplete() {
        Harness h = peers();
        h.type("/ver");
        h.key(KeyType.Tab);
        assertEquals("bob> /verify", input(h));
        h.type("ca");
        h.key(KeyType.Tab);
        assertEquals("bob> /verify carl", input(h));
        h.ctrl('u');
        h.type("/se");
        h.key(KeyType.Tab);
        assertEquals("bob> /search", input(h));
    }

    @Test
    void roomsComeFromTheirHook() {
        Harness h = peers();
        h.ui.completeRoomsWith(prefix -> List.of("#lunch", "#ops"));
        h.type("see #lu");
        h.key(KeyType.Tab);
        assertEquals("bob> see #lunch", input(h));
    }

    @Test
    void pathsAfterSendComeFromTheFiles() throws IOException {
        Files.writeString(dir.resolve("report.pdf"), "x");
        Files.createDirectories(dir.resolve("reports"));
        Harness h = peers();
        h.type("/send bob " + dir + "/rep");
        h.key(KeyType.Tab);
        assertTrue(h.row(21).contains("report.pdf · "), "both candidates: " + h.row(21));
        assertEquals("bob> /send bob " + dir + "/report.pdf", input(h));
    }

    @Test
    void tabInAnEmptyInputStillSwitchesToTheList() {
        Harness h = peers();
        h.key(KeyType.Tab);
        assertEquals(UiState.Focus.LIST, h.ui.focus());
    }
}
