package dev.parley.tui;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.input.KeyType;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import com.googlecode.lanterna.terminal.virtual.VirtualTerminalListener;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking {@link FullScreenUi#run} loop: it ends when asked, and always gives the terminal back. */
class RunLoopTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String BOB = FakeChat.fp("BOBfp123");

    /** Counts entering and leaving the alternate screen; can be told to fail when polled. */
    static final class RecordingTerminal extends DefaultVirtualTerminal {
        int entered;
        int exited;
        volatile boolean failOnPoll;
        /** close() fails as Lanterna's UnixLikeTerminal.close() does after SIGTERM, once the terminal is restored. */
        volatile boolean shuttingDown;

        RecordingTerminal() {
            super(new TerminalSize(80, 24));
        }

        @Override
        public synchronized void enterPrivateMode() {
            entered++;
            super.enterPrivateMode();
        }

        @Override
        public synchronized void exitPrivateMode() {
            exited++;
            super.exitPrivateMode();
        }

        @Override
        public void close() {
            if (shuttingDown) {
                throw new IllegalStateException("Shutdown in progress");
            }
            super.close();
        }

        @Override
        public synchronized KeyStroke pollInput() {
            if (failOnPoll) {
                throw new IllegalStateException("simulated failure in the loop");
            }
            return super.pollInput();
        }
    }

    private static FakeChat chat() {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        return chat;
    }

    private static FullScreenUi ui(FakeChat chat) {
        return new FullScreenUi(chat, new UiOptions("10.0.0.1", 7447, false, false, true));
    }

    private static void type(DefaultVirtualTerminal t, String text) {
        for (char c : text.toCharArray()) {
            t.addInput(new KeyStroke(c, false, false));
        }
        t.addInput(new KeyStroke(KeyType.Enter));
    }

    @Test
    void slashQuitEndsRunAndRestoresTheTerminal() throws IOException {
        RecordingTerminal terminal = new RecordingTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        type(terminal, "/quit");
        assertTimeoutPreemptively(DEADLINE, () -> ui(chat()).run(screen));
        assertEquals(1, terminal.entered);
        assertEquals(1, terminal.exited);
    }

    @Test
    void ctrlCEndsRunAndRestoresTheTerminal() throws IOException {
        RecordingTerminal terminal = new RecordingTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        terminal.addInput(new KeyStroke('c', true, false));
        assertTimeoutPreemptively(DEADLINE, () -> ui(chat()).run(screen));
        assertEquals(1, terminal.exited);
    }

    @Test
    void closingTheTerminalWhileTheJvmShutsDownIsNoFailure() {
        RecordingTerminal terminal = new RecordingTerminal();
        terminal.shuttingDown = true;
        type(terminal, "/quit");
        assertTimeoutPreemptively(DEADLINE, () -> ui(chat()).runOn(terminal));
        assertEquals(1, terminal.exited);
    }

    @Test
    void anExceptionInTheLoopStillRestoresTheTerminal() throws IOException {
        RecordingTerminal terminal = new RecordingTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        terminal.failOnPoll = true;
        IllegalStateException e = assertTimeoutPreemptively(DEADLINE,
                () -> assertThrows(IllegalStateException.class, () -> ui(chat()).run(screen)));
        assertEquals("simulated failure in the loop", e.getMessage());
        assertEquals(1, terminal.entered);
        assertEquals(1, terminal.exited);
    }

    @Test
    void eventsFromAnotherThreadReachTheScreenAndRequestQuitEndsTheLoop() throws Exception {
        RecordingTerminal terminal = new RecordingTerminal();
        TerminalScreen screen = new TerminalScreen(terminal);
        CountDownLatch shown = new CountDownLatch(1);
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                if (terminal.toString().contains("from another thread")) {
                    shown.countDown();
                }
            }

            @Override
            public void onBell() { }

            @Override
            public void onClose() { }

            @Override
            public void onResized(Terminal t, TerminalSize size) { }
        });
        FakeChat chat = chat();
        FullScreenUi ui = ui(chat);
        terminal.addInput(new KeyStroke(KeyType.Enter)); // open bob
        ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
        try {
            Future<?> running = uiThread.submit(() -> {
                ui.run(screen);
                return null;
            });
            chat.receive(BOB, "from another thread"); // the listener runs here, on the test's thread
            assertTrue(shown.await(DEADLINE.toSeconds(), TimeUnit.SECONDS), "the message was drawn");
            ui.requestQuit();
            running.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, terminal.exited);
        } finally {
            uiThread.shutdownNow();
        }
    }
}
