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
 * Issue 17: three lines pasted into a real terminal (tmux's {@code paste-buffer -p}, bracketed as the UI asked)
 * go into the input, nothing is sent and no command among them runs until Enter, which sends the three lines
 * as one message.
 */
class PasteEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
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
        lab = Lab.create("paste", 2);
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
    void threePastedLinesWaitInTheInputUntilEnterSendsThemAsOneMessage() throws Exception {
        bob = HeadlessPeer.start(lab, 2, "bob", temp.resolve("bob"));
        bob.awaitEvent("ready", WAIT.toSeconds(), e -> true);
        startAlice();
        tmux.await("bob online in the peer list", WAIT, s -> s.size() > 1 && s.get(1).startsWith(" ● bob "));
        assertEquals("Parley", tmux.display("#{pane_title}"), "the window title");
        bob.send("/msg alice ping");
        tmux.await("bob's message unread", WAIT, s -> s.size() > 1 && s.get(1).contains(" 1 │"));
        assertEquals("Parley (1)", tmux.display("#{pane_title}"), "the title counts what is unread");
        tmux.keys("Enter");
        tmux.await("the conversation open", WAIT, s -> s.stream().anyMatch(r -> r.equals("bob>")));

        tmux.paste("first pasted line\n/away\nthird pasted line");
        List<String> screen = tmux.awaitText("third pasted line", WAIT);
        int input = rowContaining(screen, "bob> first pasted line");
        assertTrue(input > 0, () -> "the paste is in the input:\n" + tmux.lastScreen());
        assertTrue(screen.get(input + 1).strip().equals("/away"), tmux.lastScreen());
        assertTrue(screen.stream().noneMatch(r -> r.contains("· away")), "/away did not run:\n" + tmux.lastScreen());

        tmux.keys("Enter");
        JsonObject got = bob.awaitEvent("message", WAIT.toSeconds(), e -> true);
        assertEquals("Parley", tmux.display("#{pane_title}"), "read: no count");
        assertEquals("first pasted line\n/away\nthird pasted line", str(got, "text"),
                "the first message bob gets is the three lines in one: nothing was sent before Enter");
        tmux.awaitText("alice: first pasted line", WAIT);

        tmux.type("/quit");
        tmux.keys("Enter");
        tmux.await("the shell again", WAIT, s -> s.contains("exit=0"));
    }

    private void startAlice() throws Exception {
        Path home = Files.createDirectories(temp.resolve("alice"));
        List<String> java = lab.onHost(1, Lab.java("dev.parley.app.Main", List.of(),
                List.of("--home", home.toString(), "--nick", "alice", "--log-level", "debug")));
        Path script = temp.resolve("alice.sh");
        Files.writeString(script, String.join("\n",
                "TERM=xterm-256color LANG=C.UTF-8 " + java.stream().map(PasteEndToEndTest::quote)
                        .collect(Collectors.joining(" ")),
                "echo exit=$?",
                ""), StandardCharsets.UTF_8);
        tmux = Tmux.start(temp.resolve("tmux.sock"), 100, 30, "env PS1=" + quote(PROMPT) + " /bin/sh");
        tmux.await("the shell prompt", WAIT, s -> !s.isEmpty() && s.get(s.size() - 1).equals(PROMPT.strip()));
        tmux.type("sh " + quote(script.toString()));
        tmux.keys("Enter");
    }

    private static int rowContaining(List<String> screen, String text) {
        for (int i = 0; i < screen.size(); i++) {
            if (screen.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
