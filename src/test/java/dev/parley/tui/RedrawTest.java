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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * However fast events come, the screen is redrawn for them at most 30 times a second (draws are counted, and
 * the UI's clock moves only when the test moves it), while a key is drawn in the iteration that reads it.
 */
class RedrawTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final int BURST = 10_000;
    /** What one loop iteration is taken to last below. */
    private static final Duration ITERATION = Duration.ofMillis(5);

    /** bob's conversation open, bob flooding it. */
    private static Harness flooded() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.key(KeyType.Enter);
        for (int i = 0; i < BURST; i++) {
            h.chat.receive(BOB, "flood " + i);
        }
        return h;
    }

    private static String pane(Harness h, int row) {
        return h.row(row).substring(22).stripTrailing();
    }

    @Test
    void aBurstOfTenThousandEventsIsDrawnAtMostThirtyTimesASecond() throws IOException {
        Harness h = flooded();
        long before = h.ui.draws();
        int iterations = 0;
        while (h.ui.pendingEvents() > 0) {
            h.ui.step();
            h.clock.advance(ITERATION);
            iterations++;
        }
        long draws = h.ui.draws() - before;
        long elapsedNanos = ITERATION.toNanos() * iterations;
        long allowed = elapsedNanos / FramePacer.FRAME_NANOS + 1;
        assertEquals((BURST + FullScreenUi.EVENT_BATCH - 1) / FullScreenUi.EVENT_BATCH, iterations,
                "the events come in batches");
        assertTrue(draws <= allowed, draws + " draws in " + iterations + " iterations of 5 ms; allowed " + allowed);
        assertTrue(draws >= 2, "the flood is shown as it comes, not only at its end: " + draws);

        h.clock.advance(Duration.ofNanos(FramePacer.FRAME_NANOS));
        h.ui.step(); // a frame's time later, with nothing new: the end of the burst is drawn
        assertEquals("10:15 bob: flood 9999", pane(h, 20));
    }

    @Test
    void aKeyTypedDuringTheBurstIsDrawnInTheNextIterationThoughNoFrameIsDue() throws IOException {
        Harness h = flooded();
        h.ui.step(); // the clock stands still: after this frame, none is due for events
        long draws = h.ui.draws();
        h.ui.step();
        assertEquals(draws, h.ui.draws(), "events alone wait for the next frame");

        h.terminal.addInput(new KeyStroke('x', false, false));
        int pending = h.ui.pendingEvents();
        h.ui.step();
        assertEquals("bob> x", h.trimmed(22), "the key is on the screen after one iteration");
        assertEquals(draws + 1, h.ui.draws());
        assertEquals(pending - FullScreenUi.EVENT_BATCH, h.ui.pendingEvents(), "and one batch of events");
    }

    @Test
    void theRunLoopDrawsTheEndOfABurstAndAKeyTypedDuringIt() throws Exception {
        DefaultVirtualTerminal terminal = new DefaultVirtualTerminal(new TerminalSize(80, 24));
        TerminalScreen screen = new TerminalScreen(terminal);
        CountDownLatch opened = new CountDownLatch(1);
        CountDownLatch shown = new CountDownLatch(1);
        terminal.addVirtualTerminalListener(new VirtualTerminalListener() {
            @Override
            public void onFlush() {
                String text = terminal.toString();
                if (text.contains("bob>")) {
                    opened.countDown();
                }
                if (text.contains("bob> x") && text.contains("flood " + (BURST - 1))) {
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
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        FullScreenUi ui = new FullScreenUi(chat, new UiOptions("10.0.0.1", 7447, false, false, true));
        terminal.addInput(new KeyStroke(KeyType.Enter)); // open bob
        ExecutorService uiThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-ui"));
        try {
            Future<?> running = uiThread.submit(() -> {
                ui.run(screen);
                return null;
            });
            // FakeChat is not thread-safe: its conversations change only once the UI has taken its snapshot.
            assertTrue(opened.await(10, TimeUnit.SECONDS), "bob's conversation opened");
            for (int i = 0; i < BURST; i++) {
                chat.receive(BOB, "flood " + i); // the listener runs here, on the test's thread
                if (i == BURST / 2) {
                    terminal.addInput(new KeyStroke('x', false, false));
                }
            }
            assertTrue(shown.await(10, TimeUnit.SECONDS), "the key and the end of the burst were drawn");
            ui.requestQuit();
            running.get(10, TimeUnit.SECONDS);
            assertEquals(BURST, chat.handedOver.size());
        } finally {
            uiThread.shutdownNow();
        }
    }
}
