package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingTest.class);

    @TempDir
    Path state;

    @AfterEach
    void stopLogging() {
        Logging.stop();
    }

    private interface Action {
        void run() throws Exception;
    }

    /** Runs {@code action} with standard output and error captured; returns what both received. */
    private static String terminalOutputOf(Action action) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            action.run();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private String log() throws IOException {
        return Files.readString(state.resolve("parley.log"), StandardCharsets.UTF_8);
    }

    @Test
    void afterConfigureLogsGoToTheFileAndNothingToTheTerminal() throws Exception {
        String terminal = terminalOutputOf(() -> {
            Logging.configure(state, LogLevel.INFO);
            LOG.info("written {}", 42);
            LOG.error("an error", new IllegalStateException("the cause"));
            LOG.debug("below the level");
        });
        assertEquals("", terminal);
        String log = log();
        assertTrue(log.contains(" INFO  [main] dev.parley.app.LoggingTest - written 42\n"), log);
        assertTrue(log.contains("ERROR [main] dev.parley.app.LoggingTest - an error\n"
                + "java.lang.IllegalStateException: the cause\n\tat "), log);
        assertFalse(log.contains("below the level"), log);
    }

    @Test
    void beforeConfigureTheBundledConfigurationIsSilent() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        String terminal = terminalOutputOf(() -> {
            context.reset();
            new ContextInitializer(context).autoConfig();
            LoggerFactory.getLogger("javax.jmdns.impl.JmDNSImpl").error("early error");
            LOG.error("early error");
        });
        assertFalse(terminal.contains("early error"), terminal);
        assertFalse(terminal.contains("logback"), terminal);
        assertFalse(LOG.isErrorEnabled(), "every logger is off");
        assertFalse(Files.exists(state.resolve("parley.log")));
    }

    @Test
    void theLevelFiltersAndJmdnsIsHeldAtWarn() throws Exception {
        Logging.configure(state, LogLevel.DEBUG);
        Logger jmdns = LoggerFactory.getLogger("javax.jmdns.impl.JmDNSImpl");
        jmdns.info("jmdns chatter");
        jmdns.warn("jmdns warning");
        LOG.debug("our debug");
        LOG.trace("our trace");
        String log = log();
        assertFalse(log.contains("jmdns chatter"), log);
        assertTrue(log.contains("jmdns warning"), log);
        assertTrue(log.contains("our debug"), log);
        assertFalse(log.contains("our trace"), log);
    }

    @Test
    void atErrorEvenJmdnsWarningsAreDropped() throws Exception {
        Logging.configure(state, LogLevel.ERROR);
        LoggerFactory.getLogger("javax.jmdns.impl.JmDNSImpl").warn("jmdns warning");
        LOG.warn("our warning");
        LOG.error("our error");
        assertEquals(1, log().lines().count(), log());
        assertTrue(log().contains("our error"));
    }

    @Test
    void javaUtilLoggingGoesToTheFileToo() throws Exception {
        String terminal = terminalOutputOf(() -> {
            Logging.configure(state, LogLevel.INFO);
            java.util.logging.Logger.getLogger("some.jdk.part").warning("jul {0} warning");
            java.util.logging.Logger.getLogger("some.jdk.part").fine("jul detail");
        });
        assertEquals("", terminal);
        assertTrue(log().contains("WARN  [main] some.jdk.part - jul {0} warning"), log());
        assertFalse(log().contains("jul detail"), log());
    }

    @Test
    void theLogIsReadableByItsOwnerOnly() throws Exception {
        Logging.configure(state, LogLevel.INFO);
        Path log = state.resolve("parley.log");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
    }

    @Test
    void anExistingLogIsAppendedToAndMadePrivate() throws Exception {
        Path file = Files.writeString(state.resolve("parley.log"), "earlier run\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Logging.configure(state, LogLevel.INFO);
        LOG.info("this run");
        assertTrue(log().startsWith("earlier run\n"), log());
        assertTrue(log().contains("this run"), log());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void controlCharactersInMessagesCannotReachAReadersTerminal() throws Exception {
        Logging.configure(state, LogLevel.INFO);
        LOG.info("nick {} joined", "mal\u001b[2J\u202eory\nfake line");
        assertTrue(log().contains("nick mal?[2J?ory?fake line joined\n"), log());
    }

    @Test
    void theFileRollsOverAndAtMostThreeFilesAreKept() throws Exception {
        Logging.configure(state, LogLevel.INFO, 2_000, true);
        String line = "x".repeat(100);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int written = 0;
        while (!Files.exists(state.resolve("parley.2.log")) && System.nanoTime() < deadline) {
            LOG.info("{} {}", written++, line);
        }
        assertTrue(Files.exists(state.resolve("parley.2.log")), "rolled over twice");
        for (int i = 0; i < 100; i++) {
            LOG.info("{} {}", written++, line);
        }
        try (var files = Files.list(state)) {
            assertEquals(java.util.Set.of("parley.log", "parley.1.log", "parley.2.log"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
        for (String name : new String[] {"parley.log", "parley.1.log", "parley.2.log"}) {
            Path p = state.resolve(name);
            assertTrue(Files.size(p) < 2_000 + 200, name + " is " + Files.size(p) + " bytes");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), name);
        }
        assertTrue(log().contains((written - 1) + " " + line), "the newest line is in parley.log");
    }

    @Test
    void aPercentSignInTheFolderNameIsNoPattern() throws Exception {
        Path odd = Files.createDirectory(state.resolve("a%ib %d"));
        Logging.configure(odd, LogLevel.INFO, 500, true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(odd.resolve("parley.1.log")) && System.nanoTime() < deadline) {
            LOG.info("{}", "y".repeat(100));
        }
        assertTrue(Files.exists(odd.resolve("parley.1.log")));
    }

    @Test
    void afterStopNothingIsWritten() throws Exception {
        Logging.configure(state, LogLevel.INFO);
        LOG.info("before stop");
        Logging.stop();
        String terminal = terminalOutputOf(() -> LOG.error("after stop"));
        assertEquals("", terminal);
        assertFalse(log().contains("after stop"), log());
        assertTrue(log().contains("before stop"), log());
    }

    @Test
    void aMissingStateFolderIsAnError() {
        assertThrows(IOException.class, () -> Logging.configure(state.resolve("missing"), LogLevel.INFO));
    }
}
