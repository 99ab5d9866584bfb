package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import dev.parley.lab.Tmux;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Parley, full-screen, in a real terminal (tmux, 100x30) on host 1 of a private namespace LAN, and a
 * headless Parley on host 2: the terminal user sees the peer appear, opens it, talks both ways (wide
 * characters included), and /quit gives the terminal back exactly as it was.
 */
class TerminalEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int COLUMNS = 100;
    private static final int ROWS = 30;
    /** Where the peer list's border is at 100 columns (see the tui Layout: a quarter of the width). */
    private static final int BORDER = 25;
    private static final String PROMPT = "e2e$ ";

    @TempDir
    Path temp;
    private Lab lab;
    private Tmux tmux;
    private HeadlessPeer bob;

    @BeforeEach
    void setUp() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: no namespace lab here: " + why);
        String noTmux = Tmux.unavailableReason();
        assumeTrue(noTmux == null, () -> "skipped: no terminal to drive: " + noTmux);
        lab = Lab.create("tui", 2);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        if (bob != null) {
            bob.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void aTerminalUserTalksWithAHeadlessPeerAndQuitRestoresTheTerminal() throws Exception {
        bob = HeadlessPeer.start(lab, 2, "bob", temp.resolve("bob"));
        String bobFp = str(bob.awaitEvent("ready", WAIT.toSeconds(), e -> true), "fingerprint");
        String bobShort = bobFp.substring("SHA256:".length(), "SHA256:".length() + 8);
        startAlice();

        // Bob appears in the peer list (online), with the border where it belongs: on a whole screen, as
        // he may come online while the first drawing is still under way (the footer is drawn last).
        List<String> screen = tmux.await("bob online in the peer list", WAIT,
                s -> s.size() == ROWS && s.get(1).startsWith(" ● bob "));
        assertBorders(screen);

        // Enter opens him; what we type reaches him.
        tmux.keys("Enter");
        tmux.awaitText("bob " + bobShort + " · online", WAIT);
        tmux.type("hello from a real terminal");
        tmux.keys("Enter");
        JsonObject got = bob.awaitEvent("message", WAIT.toSeconds(), e -> true);
        assertEquals("hello from a real terminal", str(got, "text"));
        assertEquals("alice", str(got, "nick"));
        tmux.awaitText("alice: hello from a real terminal ✓✓", WAIT);

        // His reply appears in the open conversation.
        bob.send("/msg alice hi alice, this is bob");
        tmux.awaitText("bob: hi alice, this is bob", WAIT);

        // Emoji and CJK, enough to wrap over several rows up to the right edge: tmux must agree with the UI on
        // every width, or the overflow wraps into the next row and breaks its border.
        String wide = "😀🎉 " + "你好世界".repeat(12) + " " + "🙂".repeat(30) + " end";
        bob.send("/msg alice " + wide);
        bob.send("/msg alice over");
        screen = tmux.awaitText("bob: over", WAIT);
        int first = rowContaining(screen, "bob: 😀🎉 你好世界");
        assertTrue(first > 0, () -> "the wide message arrived, each character whole:\n" + tmux.lastScreen());
        assertEquals(wide.replace(" ", ""), messageText(screen, first, "bob: "),
                "every wide character arrived whole, in order");
        assertBorders(screen);

        // /quit: Parley exits 0, the alternate screen is left, the shell is back and the tty is as it was.
        tmux.type("/quit");
        tmux.keys("Enter");
        screen = tmux.await("the shell again", WAIT, s -> s.contains("exit=0") && s.get(s.size() - 1).equals(PROMPT.strip()));
        assertEquals("0", tmux.display("#{alternate_on}"), "the alternate screen is left");
        int n = screen.size();
        assertEquals(List.of("exit=0", PROMPT.strip()), screen.subList(n - 2, n));
        assertEquals(PROMPT + "sh " + quote(temp.resolve("alice.sh").toString()), String.join("", screen.subList(0, n - 2)),
                "above that, the screen is the shell's as it was (the command line, maybe wrapped), and nothing else");
        assertEquals(Files.readString(temp.resolve("stty.before")), Files.readString(temp.resolve("stty.after")),
                "stty -a before and after are identical");
    }

    /** Alice: full-screen, on host 1, started by a script in the pane's shell that records the tty around it. */
    private void startAlice() throws Exception {
        Path home = Files.createDirectories(temp.resolve("alice"));
        List<String> java = lab.onHost(1, Lab.java("dev.parley.app.Main", List.of(),
                List.of("--home", home.toString(), "--nick", "alice", "--log-level", "debug")));
        Path script = temp.resolve("alice.sh");
        Files.writeString(script, String.join("\n",
                "stty -a > " + quote(temp.resolve("stty.before").toString()),
                "TERM=xterm-256color LANG=C.UTF-8 " + java.stream().map(TerminalEndToEndTest::quote)
                        .collect(Collectors.joining(" ")),
                "echo exit=$?",
                "stty -a > " + quote(temp.resolve("stty.after").toString()),
                ""), StandardCharsets.UTF_8);
        tmux = Tmux.start(temp.resolve("tmux.sock"), COLUMNS, ROWS, "env PS1=" + quote(PROMPT) + " /bin/sh");
        tmux.await("the shell prompt", WAIT, s -> !s.isEmpty() && s.get(s.size() - 1).equals(PROMPT.strip()));
        tmux.type("sh " + quote(script.toString()));
        tmux.keys("Enter");
    }

    /** Every body row has the list border at column 25, and the rule below joins it. */
    private void assertBorders(List<String> screen) {
        assertEquals(ROWS, screen.size(), () -> "a full screen:\n" + String.join("\n", screen));
        for (int row = 1; row <= ROWS - 4; row++) {
            String r = screen.get(row);
            assertTrue(width(r) <= COLUMNS, "row " + row + " fits: " + r);
            assertEquals(BORDER, columnOf(r, "│"), "border of row " + row + ": " + r);
        }
        assertEquals(BORDER, columnOf(screen.get(ROWS - 3), "┴"), screen.get(ROWS - 3));
    }

    private static int rowContaining(List<String> screen, String text) {
        for (int i = 0; i < screen.size(); i++) {
            if (screen.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /** A message's text from its first row on, over its continuation rows, without spaces. */
    private static String messageText(List<String> screen, int first, String after) {
        StringBuilder b = new StringBuilder();
        String head = screen.get(first);
        b.append(head.substring(head.indexOf(after) + after.length()));
        for (int i = first + 1; i < screen.size(); i++) {
            String pane = screen.get(i).substring(screen.get(i).indexOf('│') + 1);
            if (pane.isBlank() || pane.matches("\\s*\\d\\d:\\d\\d .*")) {
                break;
            }
            b.append(pane);
        }
        return b.toString().replace(" ", "");
    }

    /** The display column where {@code text} starts: emoji and CJK take two columns. */
    private static int columnOf(String row, String text) {
        int index = row.indexOf(text);
        return index < 0 ? -1 : width(row.substring(0, index));
    }

    private static int width(String s) {
        return s.codePoints().map(cp -> (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x4E00 && cp <= 0x9FFF) ? 2 : 1)
                .sum();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
