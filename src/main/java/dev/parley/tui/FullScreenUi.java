package dev.parley.tui;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.input.KeyStroke;
import com.googlecode.lanterna.screen.Screen;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.Terminal;
import dev.parley.chat.Chat;
import dev.parley.chat.ChatMessage;
import dev.parley.rooms.RoomsEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The full-screen terminal UI: a list of rooms and peers, the open conversation, an input line. {@link #run(Screen)} runs
 * the UI loop on the calling thread until the user leaves; it creates no threads. Chat events arrive on
 * engine threads and are queued for that thread; every Lanterna object is touched only by it.
 * {@link #requestQuit()} and {@link #awaitLeft} are the methods other threads may call.
 * <p>
 * Each loop iteration applies at most a batch of events, then the keys waiting, then redraws: at once for a
 * key, at most {@link FramePacer 30 times a second} for events. So however fast messages arrive, a typed
 * character is on the screen after one iteration, and a flood costs a bounded amount of drawing.
 */
public final class FullScreenUi {
    private static final Logger log = LoggerFactory.getLogger(FullScreenUi.class);
    /** Events applied per loop iteration before keys are read, so a burst cannot starve the keyboard. */
    static final int EVENT_BATCH = 256;
    static final int KEY_BATCH = 64;
    /**
     * How long the loop rests before it polls the keyboard again (Lanterna has no way to wait for a key and an
     * event at once without another thread): a key waits at most this long, plus a redraw.
     */
    static final long IDLE_WAIT_MILLIS = 10;

    private final UiOptions options;
    private final Runnable bellOverride;
    private final EventInbox inbox;
    private final HandOver handOver;
    private final UiState state = new UiState();
    private final UiModel model;
    private final Wrapper wrapper = new Wrapper();
    private final UiController controller;
    private final Renderer renderer;
    private volatile boolean quitRequested;
    /** Whether the terminal has hung up (see {@link TerminalInput}); never, for a virtual terminal. */
    private java.util.function.BooleanSupplier terminalGone = () -> false;
    /** Counted down once {@link #runInTerminal} has given the terminal back (or failed to). */
    private final java.util.concurrent.CountDownLatch left = new java.util.concurrent.CountDownLatch(1);
    private Screen screen;
    private Runnable bell = () -> { };
    private Notifier notifier;
    /** The environment notifications are detected from (empty in tests: the bell). */
    private final java.util.Map<String, String> env;
    private final LongSupplier nanoTime;
    private final FramePacer frames;
    private long draws;
    /**
     * Progress lines of transfers are redrawn at most this often, however many transfers run (each
     * reports at most twice a second); a change of state is drawn at once.
     */
    static final long PROGRESS_FRAME_NANOS = 500_000_000L;
    private long lastProgressFrame;
    private boolean progressFramed;
    /** After a resize the terminal's own reflow leaves unknown content, so only a complete redraw is safe. */
    private boolean redrawAll;
    /** Bracketed paste is on and the terminal's title saved (xterm's title stack), to be undone on leaving. */
    private boolean terminalTaken;
    /** The unread count the window title shows; -1 before the first title is set. */
    private int shownUnread = -1;
    /** xterm's title stack: the terminal's own title is saved at start and put back on leaving. */
    private static final String TITLE_PUSH = "\033[22;0t";
    private static final String TITLE_POP = "\033[23;0t";

    /**
     * The UI's hold on an engine, taken before the engine starts: from then on the engine acknowledges a
     * received message only once the UI has it on its screen model ({@link Chat#acknowledgeWhenHandedOver}),
     * and events wait in a queue for {@link #run}. Thread-safe.
     */
    public static final class Attached {
        private final Chat chat;
        private final RoomsEngine rooms;
        private final EventInbox inbox = new EventInbox();

        private Attached(Chat chat, RoomsEngine rooms) {
            this.chat = chat;
            this.rooms = rooms;
            chat.acknowledgeWhenHandedOver();
            chat.addListener(inbox);
            if (rooms != null) {
                rooms.acknowledgeWhenHandedOver();
                rooms.addListener(inbox.rooms());
            }
            chat.transfers().addListener(inbox::transfer);
        }
    }

    /** Attaches to {@code chat}; call before the engine starts, then build the UI with what it returns. */
    public static Attached attach(Chat chat) {
        return new Attached(chat, null);
    }

    /** As {@link #attach(Chat)}, with the rooms engine beside it: the UI shows rooms too. */
    public static Attached attach(Chat chat, RoomsEngine rooms) {
        return new Attached(chat, rooms);
    }

    /** A UI for {@code chat}, attached now (better: {@link #attach} before the engine starts). */
    public FullScreenUi(Chat chat, UiOptions options) {
        this(attach(chat), options);
    }

    /** A UI on an engine it attached to earlier; events since then wait for {@link #run}. */
    public FullScreenUi(Attached attached, UiOptions options) {
        this(attached, options, Clock.systemDefaultZone(), ZoneId.systemDefault(), null);
    }

    /**
     * For tests: a fixed clock and zone for HH:MM (the clock also paces redraws), and a bell to count (null:
     * the terminal's bell).
     */
    FullScreenUi(Chat chat, UiOptions options, Clock clock, ZoneId zone, Runnable bell) {
        this(chat, null, options, clock, zone, bell);
    }

    /** For tests, as above, with rooms. */
    FullScreenUi(Chat chat, RoomsEngine rooms, UiOptions options, Clock clock, ZoneId zone, Runnable bell) {
        this(attach(chat, rooms), options, clock, zone, bell,
                () -> Duration.between(Instant.EPOCH, clock.instant()).toNanos(), java.util.Map.of());
    }

    private FullScreenUi(Attached attached, UiOptions options, Clock clock, ZoneId zone, Runnable bell) {
        this(attached, options, clock, zone, bell, System::nanoTime, System.getenv());
    }

    private FullScreenUi(Attached attached, UiOptions options, Clock clock, ZoneId zone, Runnable bell,
                         LongSupplier nanoTime, java.util.Map<String, String> env) {
        Chat chat = attached.chat;
        RoomsEngine rooms = attached.rooms;
        this.env = env;
        this.nanoTime = nanoTime;
        this.frames = new FramePacer(nanoTime);
        this.options = options;
        this.bellOverride = bell;
        this.inbox = attached.inbox;
        this.handOver = rooms == null ? new HandOver(chat) : new HandOver(done -> {
            chat.handedOver(done); // each engine takes its own and ignores the other's
            rooms.handedOver(done);
        });
        this.model = new UiModel(options, chat.ourNickname(), chat.ourFingerprint(), HelpText.transcript(rooms != null));
        TranscriptView view = new TranscriptView(new EntryFormatter(zone), wrapper);
        this.controller = new UiController(chat, rooms, model, state, clock, view, handOver);
        this.renderer = new Renderer(view);
    }

    /**
     * Runs the UI on {@code screen} until the user leaves (Ctrl-C, /quit, end of input), the terminal hangs up
     * or {@link #requestQuit()}; starts the screen and always stops it again, also when something throws.
     */
    public void run(Screen screen) throws IOException {
        try {
            start(screen);
            while (!leaving() && !Thread.currentThread().isInterrupted()) {
                if (!pump()) {
                    idle();
                }
            }
        } finally {
            stop();
        }
    }

    /**
     * Runs the UI on the real text terminal (never a Swing window; Ctrl-C arrives as a key) and restores
     * it afterwards. Throws if the terminal hung up meanwhile (the UI left at once: nobody is there).
     */
    public void runInTerminal(InputStream in, OutputStream out) throws IOException {
        try {
            TerminalInput input = new TerminalInput(in);
            terminalGone = input::gone;
            runOn(new Utf8UnixTerminal(input, out));
            if (input.gone()) {
                throw new IOException("the terminal has gone (hung up)");
            }
        } finally {
            left.countDown();
        }
    }

    /**
     * Waits until {@link #runInTerminal} has returned, the terminal given back, at most {@code wait}: false if
     * it has not. It may never: a UI blocked writing to a terminal nobody reads any more (a stalled ssh
     * connection, a stopped terminal emulator) stays blocked. Thread-safe; for a signal's shutdown, after
     * {@link #requestQuit()}.
     */
    public boolean awaitLeft(Duration wait) throws InterruptedException {
        return left.await(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs the UI on {@code terminal}, then closes it. */
    void runOn(Terminal terminal) throws IOException {
        try {
            run(new TerminalScreen(terminal));
        } finally {
            close(terminal);
        }
    }

    private static void close(Terminal terminal) throws IOException {
        try {
            terminal.close();
        } catch (IllegalStateException shuttingDown) {
            // On SIGTERM the UI ends while the JVM shuts down: Lanterna's close() restores the terminal first,
            // then removes its shutdown hook, which the JVM refuses ("Shutdown in progress").
            log.debug("terminal closed during JVM shutdown", shuttingDown);
        }
    }

    /** What /status reports (and where dial failures seen as warnings are recorded); before {@link #run}. */
    public void status(dev.parley.chat.NetworkStatus status) {
        controller.status(status);
    }

    /**
     * Where Tab finds {@code #room} names for a prefix (with a rooms engine: the rooms and invitations the UI
     * shows); before {@link #run}.
     */
    public void completeRoomsWith(java.util.function.Function<String, List<String>> rooms) {
        controller.completer().rooms(rooms);
    }

    /** Where Tab finds paths after {@code /send} (default: this machine's files); before {@link #run}. */
    public void completePathsWith(java.util.function.Function<String, List<String>> paths) {
        controller.completer().paths(paths);
    }

    /** Asks the UI loop to end after its current iteration. Thread-safe. */
    public void requestQuit() {
        quitRequested = true;
    }

    /** Whether there is an interactive terminal to draw on (else use {@code --headless}). */
    public static boolean terminalAvailable() {
        return terminalAvailable(System.console() != null, System.getenv("TERM"));
    }

    static boolean terminalAvailable(boolean console, String term) {
        return console && term != null && !term.isBlank() && !term.equals("dumb");
    }

    // ---- the loop, in steps tests can drive

    void start(Screen s) throws IOException {
        this.screen = s;
        this.bell = bellFor(s);
        this.notifier = new Notifier(options.notifications(), options.notifyContent(), env, seq -> {
            try {
                control(seq);
            } catch (IOException e) {
                log.debug("notification failed", e);
            }
        }, () -> bell.run(), nanoTime);
        renderer.links(options.links().enabled(env));
        s.startScreen();
        control(TerminalKeys.BRACKETED_PASTE_ON + TITLE_PUSH);
        terminalTaken = true;
        List<ChatMessage> early = inbox.discardSnapshotted();
        controller.load();
        early.forEach(handOver::received); // the snapshot holds them; this is for any it might lack
        handOver.flush();
        title();
        controller.layout(Renderer.layout(s.getTerminalSize(), state, model));
        redraw(Screen.RefreshType.COMPLETE);
    }

    /** One loop iteration: resize, a batch of events, the keys waiting, one redraw. False once leaving. */
    boolean step() throws IOException {
        pump();
        return !leaving();
    }

    /**
     * For tests: applies every queued event and key (as many iterations as needed), then draws the frame
     * still owed, as if its time had come.
     */
    boolean processPending() throws IOException {
        while (!leaving() && (pump() || inbox.pending() > 0)) {
            // keep going until the queues are empty
        }
        if (frames.pending() && !leaving()) {
            redraw(Screen.RefreshType.DELTA);
        }
        return !leaving();
    }

    void stop() {
        if (screen == null) {
            return;
        }
        if (terminalTaken) {
            terminalTaken = false;
            try {
                control(TerminalKeys.BRACKETED_PASTE_OFF + TITLE_POP);
            } catch (IOException | RuntimeException e) {
                log.debug("could not turn bracketed paste off and give the title back", e);
            }
        }
        try {
            screen.stopScreen();
        } catch (IOException | RuntimeException e) {
            // stopScreen() first drains the input; when input is what failed, leave without draining
            log.warn("could not stop the screen cleanly; leaving it without draining input", e);
            if (screen instanceof TerminalScreen ts) {
                try {
                    ts.stopScreen(false);
                } catch (IOException | RuntimeException again) {
                    log.warn("could not restore the terminal", again);
                }
            }
        }
    }

    int pendingEvents() {
        return inbox.pending();
    }

    /** For tests: whether the screen model holds this message (in its conversation's pane). */
    boolean holds(ChatMessage m) {
        return model.conversation(m.peer()).holds(m);
    }

    /** For tests: the text of a transfer's line in its peer's pane, or null. */
    String transferLine(String peer, String id) {
        return model.conversation(peer).transferText(id);
    }

    /** For tests: whether the peer list shows this peer. */
    boolean listsPeer(String fingerprint) {
        return model.peers().get(fingerprint).isPresent();
    }

    /** For tests: where the keys go. */
    UiState.Focus focus() {
        return state.focus();
    }

    /** For tests: the text of the input showing. */
    String inputText() {
        return state.input().text();
    }

    /** How many frames were drawn so far: tests count them, not time. */
    long draws() {
        return draws;
    }

    /** How many entries were wrapped so far: tests prove that only what is visible gets wrapped. */
    long wrapCalls() {
        return wrapper.calls();
    }

    /**
     * One iteration: a resize, a batch of events (handed over once applied), the keys waiting, a redraw if
     * one is owed and allowed. True when there is more to do at once (keys came, or events are backed up).
     */
    private boolean pump() throws IOException {
        checkResize();
        if (controller.tick()) {
            frames.changed();
        }
        List<ChatMessage> missed = new ArrayList<>();
        Long dropped = inbox.takeOverflow(missed);
        if (dropped != null) {
            controller.resync(dropped); // the queue overflowed: the engines' snapshots instead
            missed.forEach(handOver::received);
            frames.changed();
        }
        int[] shown = {0};
        int events = inbox.drain(EVENT_BATCH, e -> {
            if (apply(e)) {
                shown[0]++;
            }
        });
        handOver.flush();
        if (shown[0] > 0) {
            frames.changed();
        }
        if (controller.progressOwed()
                && (!progressFramed || nanoTime.getAsLong() - lastProgressFrame >= PROGRESS_FRAME_NANOS)) {
            frames.changed(); // a transfer's progress alone: a frame at most every PROGRESS_FRAME_NANOS
        }
        int keys = readKeys();
        if (controller.takeSuspend()) {
            suspend();
        }
        controller.takeBell();
        UiController.Notice notice = controller.takeNotice();
        if (notice != null) {
            notifier.message(notice.nick(), notice.text());
        }
        title();
        if (controller.takeRedrawAll() || redrawAll) {
            redraw(Screen.RefreshType.COMPLETE);
        } else if (keys > 0 || frames.due()) {
            redraw(Screen.RefreshType.DELTA);
        }
        return keys > 0 || events == EVENT_BATCH;
    }

    /**
     * Reads the keys waiting (at most a batch) and hands them over. Keys that came together tell the controller
     * more than one key would: several lines at once are a paste, even from a terminal without bracketed
     * paste, and the input running dry ends such a paste.
     */
    private int readKeys() throws IOException {
        List<KeyStroke> batch = new ArrayList<>();
        KeyStroke k;
        while (batch.size() < KEY_BATCH && (k = screen.pollInput()) != null) {
            batch.add(k);
        }
        controller.arriving(batch);
        for (KeyStroke key : batch) {
            if (leaving()) {
                break;
            }
            key(key);
        }
        if (batch.size() < KEY_BATCH && !leaving()) {
            controller.inputDrained();
        }
        controller.layout(Renderer.layout(screen.getTerminalSize(), state, model));
        return batch.size();
    }

    private boolean leaving() {
        return quitRequested || controller.quitRequested() || terminalGone.getAsBoolean();
    }

    /** Applies an event; false when it needs no frame of its own (a transfer's progress alone). */
    private boolean apply(UiEvent e) {
        try {
            return controller.onEvent(e);
        } catch (RuntimeException ex) {
            log.error("could not apply a chat event of type {}", e.getClass().getSimpleName(), ex);
            return true;
        }
    }

    private void key(KeyStroke k) {
        try {
            controller.onKey(k);
        } catch (RuntimeException ex) {
            log.error("could not handle a key", ex);
            state.status("internal error: " + ex.getClass().getSimpleName() + " (see the log)", true);
        }
    }

    private void checkResize() {
        TerminalSize size = screen.doResizeIfNecessary();
        if (size != null) {
            controller.layout(Renderer.layout(size, state, model));
            redrawAll = true;
        }
    }

    private void redraw(Screen.RefreshType type) throws IOException {
        Layout layout = Renderer.layout(screen.getTerminalSize(), state, model);
        TerminalPosition cursor = renderer.draw(screen.newTextGraphics(), layout, state, model);
        screen.setCursorPosition(cursor);
        screen.refresh(type);
        frames.drawn();
        if (controller.progressOwed()) {
            controller.progressDrawn();
            lastProgressFrame = nanoTime.getAsLong();
            progressFramed = true;
        }
        redrawAll = false;
        draws++;
    }

    /**
     * Rests until there may be something to do. With a frame owed, until it is due (events that come
     * meanwhile wait, to be applied together); else until an event arrives. Never longer than
     * {@link #IDLE_WAIT_MILLIS}, for the keyboard's sake.
     */
    private void idle() {
        long limit = TimeUnit.MILLISECONDS.toNanos(IDLE_WAIT_MILLIS);
        try {
            if (frames.pending()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(limit, frames.nanosUntilDue()));
            } else {
                inbox.await(limit);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ctrl-Z: the terminal as it was (no alternate screen, no bracketed paste, line mode with echo), the job
     * stopped; after {@code fg}, raw again and drawn anew. A virtual terminal cannot stop: nothing happens.
     */
    private void suspend() throws IOException {
        if (!(screen instanceof TerminalScreen ts) || !(ts.getTerminal() instanceof Utf8UnixTerminal t)) {
            return;
        }
        control(TerminalKeys.BRACKETED_PASTE_OFF + TITLE_POP);
        terminalTaken = false;
        screen.stopScreen();
        t.suspend();
        screen.startScreen();
        control(TerminalKeys.BRACKETED_PASTE_ON + TITLE_PUSH);
        terminalTaken = true;
        shownUnread = -1;
        redrawAll = true;
    }

    /** The window title: "Parley", with the number of unread messages when there are any. */
    private void title() throws IOException {
        int unread = state.unreadTotal();
        if (unread != shownUnread) {
            shownUnread = unread;
            control("\033]2;" + titleText(unread) + "\007");
        }
    }

    static String titleText(int unread) {
        return unread == 0 ? "Parley" : "Parley (" + unread + ")";
    }

    /** Writes a control sequence to a terminal that takes them (a real one; not Lanterna's virtual one). */
    private void control(String sequence) throws IOException {
        if (screen instanceof TerminalScreen ts && ts.getTerminal() instanceof RawOutput t) {
            t.writeRaw(sequence.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private Runnable bellFor(Screen s) {
        if (!options.bell()) {
            return () -> { };
        }
        if (bellOverride != null) {
            return bellOverride;
        }
        if (s instanceof TerminalScreen ts) {
            return () -> {
                try {
                    ts.getTerminal().bell();
                } catch (IOException e) {
                    log.debug("bell failed", e);
                }
            };
        }
        return () -> { };
    }
}
