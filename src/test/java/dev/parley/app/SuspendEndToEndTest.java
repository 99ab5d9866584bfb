package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * Issue 17 (5): Ctrl-Z in a real terminal under an interactive bash gives the shell a terminal as it was
 * (no alternate screen, line mode with echo); {@code fg} brings Parley back raw and redrawn.
 */
class SuspendEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PROMPT = "e2e$ ";

    @TempDir
    Path temp;
    private Lab lab;
    private Tmux tmux;

    @BeforeEach
    void setUp() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: no namespace lab here: " + why);
        String noTmux = Tmux.unavailableReason();
        assumeTrue(noTmux == null, () -> "skipped: no terminal to drive: " + noTmux);
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: no bash for job control");
        lab = Lab.create("susp", 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (tmux != null) {
            tmux.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void ctrlZGivesTheShellItsTerminalAndTitleAndFgBringsTheUiBackRawAndRedrawn() throws Exception {
        Path home = Files.createDirectories(temp.resolve("alice"));
        List<String> java = lab.onHost(1, Lab.java("dev.parley.app.Main", List.of(),
                List.of("--home", home.toString(), "--nick", "alice")));
        Path script = temp.resolve("alice.sh");
        Files.writeString(script, String.join("\n",
                "TERM=xterm-256color LANG=C.UTF-8 " + java.stream().map(SuspendEndToEndTest::quote)
                        .collect(Collectors.joining(" ")),
                "echo exit=$?",
                ""), StandardCharsets.UTF_8);
        Path before = temp.resolve("stty.before");
        tmux = Tmux.start(temp.resolve("tmux.sock"), 100, 30,
                "env PS1=" + quote(PROMPT) + " /bin/bash --norc --noprofile -i");
        tmux.await("the shell prompt", WAIT, s -> !s.isEmpty() && s.get(s.size() - 1).equals(PROMPT.strip()));
        String shellTitle = tmux.display("#{pane_title}");
        tmux.type("stty -a > " + quote(before.toString()) + "; clear; sh " + quote(script.toString()));
        tmux.keys("Enter");
        tmux.awaitText(" Parley · alice", WAIT);
        assertEquals("1", tmux.display("#{alternate_on}"));
        assertEquals("Parley", tmux.display("#{pane_title}"), "the window title");

        tmux.keys("C-z");
        tmux.awaitText("Stopped", WAIT);
        assertEquals("0", tmux.display("#{alternate_on}"), "the alternate screen is left");
        assertEquals(shellTitle, tmux.display("#{pane_title}"), "the terminal's own title is back while stopped");
        Path during = temp.resolve("stty.during");
        tmux.type("stty -a > " + quote(during.toString()));
        tmux.keys("Enter");
        tmux.awaitText("stty -a > ", WAIT);
        awaitFile(during);
        assertEquals(Files.readString(before), Files.readString(during), "the tty is as it was while stopped");

        tmux.type("fg");
        tmux.keys("Enter");
        tmux.await("Parley redrawn", WAIT, s -> s.stream().anyMatch(r -> r.startsWith(" Parley · alice"))
                && s.stream().anyMatch(r -> r.contains("F1 help")));
        assertEquals("1", tmux.display("#{alternate_on}"));
        assertEquals("Parley", tmux.display("#{pane_title}"), "and Parley's again after fg");
        tmux.keys("Tab");
        tmux.type("raw again");
        List<String> screen = tmux.awaitText("> raw again", WAIT);
        assertTrue(screen.stream().filter(r -> r.contains("raw again")).count() == 1,
                "typed once, into the input, not echoed by the tty:\n" + tmux.lastScreen());

        tmux.keys("C-u");
        tmux.type("/quit");
        tmux.keys("Enter");
        tmux.await("the shell again", WAIT, s -> s.contains("exit=0"));
        assertEquals(shellTitle, tmux.display("#{pane_title}"), "the terminal's own title is given back on leaving");
    }

    private static void awaitFile(Path p) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!(Files.exists(p) && Files.size(p) > 0)) {
            assertTrue(System.nanoTime() < end, "the shell ran stty");
            Thread.sleep(50); // polls for the file the shell writes, with a deadline
        }
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
