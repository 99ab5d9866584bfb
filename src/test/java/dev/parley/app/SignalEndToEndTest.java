package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.parley.lab.Lab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: SIGTERM and SIGHUP end the full-screen Parley promptly, also when its terminal has stopped reading
 * (the output buffer full, the UI blocked in a write), and the peer still stops (goodbyes). The terminal is a
 * pseudo-terminal held by src/test/python/stalled_terminal.py, Parley runs on host 1 of a namespace lab (mDNS
 * on, as by default). Before the fix, SIGTERM with the terminal unread hung for good: Lanterna's own shutdown
 * hook waited for the lock of the write under way; and with SIGHUP ignored, a hung-up terminal left Parley
 * running for good (nothing told the UI).
 */
class SignalEndToEndTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** How long Parley may take to exit after the signal: generous, it takes well under a second. */
    private static final int EXIT_DEADLINE_SECONDS = 15;
    /** The whole script: start-up, stalling the terminal, the exit deadline. */
    private static final long SCRIPT_DEADLINE_SECONDS = 180;

    @TempDir
    Path temp;
    private Lab lab;

    @BeforeEach
    void setUp() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: no namespace lab here: " + why);
        assumeTrue(Files.isExecutable(PYTHON), "skipped: no /usr/bin/python3 to hold a pseudo-terminal");
        lab = Lab.create("sig", 1);
    }

    @AfterEach
    void tearDown() {
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void sigtermEndsParleyWhoseTerminalNobodyReadsAndThePeerStillStops() throws Exception {
        Map<String, String> out = run("term-stalled");
        assertTrue(out.getOrDefault("stalled", "").endsWith("output stuck"), () -> "the UI's output got stuck: " + out);
        assertEquals("143", out.get("exited"), () -> "exited on SIGTERM within " + EXIT_DEADLINE_SECONDS + " s: " + out);
        assertPeerStopped();
    }

    @Test
    void sighupEndsParleyWhoseTerminalNobodyReads() throws Exception {
        Map<String, String> out = run("hup-stalled");
        assertTrue(out.getOrDefault("stalled", "").endsWith("output stuck"), () -> "the UI's output got stuck: " + out);
        assertEquals("129", out.get("exited"), () -> "exited on SIGHUP within " + EXIT_DEADLINE_SECONDS + " s: " + out);
        assertPeerStopped();
    }

    @Test
    void theTerminalGoingAwayEndsParley() throws Exception {
        Map<String, String> out = run("hangup");
        assertTrue(out.containsKey("exited"), () -> "the script ran to the end: " + out);
        assertNotEquals("hung", out.get("exited"), () -> "exited when the pty hung up: " + out);
        assertPeerStopped();
    }

    @Test
    void theTerminalGoingAwayEndsParleyAlsoWhenSighupIsIgnored() throws Exception {
        // as under nohup: nothing but the hung-up terminal itself (EIO) tells the UI that nobody is there
        Map<String, String> out = run("hangup", List.of("/bin/sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        assertEquals("1", out.get("exited"), () -> "exited with 1 (the terminal has gone) when the pty hung up: " + out);
        assertPeerStopped();
    }

    @Test
    void sigtermWithTheTerminalReadRestoresItAndStopsThePeer() throws Exception {
        Map<String, String> out = run("term-read");
        assertEquals("143", out.get("exited"), () -> "exited on SIGTERM: " + out);
        assertEquals("true", out.get("restored_screen"), () -> "alternate screen left, bracketed paste off: " + out);
        assertEquals("true", out.get("restored_tty"), () -> "the tty settings as they were: " + out);
        assertPeerStopped();
    }

    @Test
    void ctrlCStillExitsZeroWithTheTerminalRestored() throws Exception {
        Map<String, String> out = run("ctrl-c");
        assertEquals("0", out.get("exited"), () -> "Ctrl-C quits with 0: " + out);
        assertEquals("true", out.get("restored_screen"), () -> "alternate screen left, bracketed paste off: " + out);
        assertEquals("true", out.get("restored_tty"), () -> "the tty settings as they were: " + out);
        assertPeerStopped();
    }

    /** Parley.close() ran to its end (goodbyes to peers and on mDNS) before the process ended: its last log line. */
    private void assertPeerStopped() throws IOException {
        String log = Files.readString(temp.resolve("alice").resolve("parley.log"), StandardCharsets.UTF_8);
        assertTrue(log.contains(" stopped"), () -> "the peer stopped before exit; the log:\n" + log);
    }

    /** Runs the script's scenario on Parley and returns what it printed, key by key. */
    private Map<String, String> run(String scenario) throws Exception {
        return run(scenario, List.of());
    }

    /** As above, Parley's command run by {@code wrapper} (on the lab host). */
    private Map<String, String> run(String scenario, List<String> wrapper) throws Exception {
        Path home = Files.createDirectories(temp.resolve("alice"));
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(),
                Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                        .resolve("src/test/python/stalled_terminal.py").toString(),
                scenario, Integer.toString(EXIT_DEADLINE_SECONDS)));
        List<String> parley = new ArrayList<>(wrapper);
        parley.addAll(Lab.java("dev.parley.app.Main", List.of(), List.of("--home", home.toString(), "--nick", "alice")));
        command.addAll(lab.onHost(1, parley));
        Path output = temp.resolve(scenario + ".out");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().put("LANG", "C.UTF-8");
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(SCRIPT_DEADLINE_SECONDS, TimeUnit.SECONDS), "the script finished");
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), () -> "the script ran:\n" + text);
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        assertEquals("true", out.get("drawn"), () -> "the UI drew its first screen:\n" + text);
        return out;
    }
}
