package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Warning;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A consumer that stops reading standard output: the engine's calls still return at once, nothing is
 * handed over while its lines are not flushed, and once the consumer reads again every message arrives,
 * in order, exactly once. Also the bounds, the exit drain and a broken output.
 */
class SlowConsumerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);
    private static final int PEERS = 50;
    private static final int PER_PEER = 200; // the engine holds back a peer with a few hundred not handed over

    private final TestThreads writers = new TestThreads();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-headless-commands");
        t.setDaemon(true);
        return t;
    });
    private final FakeChat chat = new FakeChat();
    private final GatedWriter out = new GatedWriter(false);
    private final List<Runnable> restore = new ArrayList<>();
    private Headless headless;

    @AfterEach
    void tearDown() {
        out.open();
        threads.shutdownNow();
        writers.close();
        for (Runnable r : restore) {
            r.run();
        }
    }

    private void attach(Reader commands, Writer events, Duration exitStall) {
        headless = Headless.attach(chat, commands, events, writers, exitStall);
    }

    /** Attached with the gate shut, ready, and the writer blocked writing the ready line. */
    private ChatListener blockedAfterReady() throws InterruptedException {
        attach(new StringReader(""), out, Headless.EXIT_STALL);
        headless.ready(7447, List.of("10.77.0.1"));
        assertTrue(out.awaitBlocked(DEADLINE), "the writer reached the shut gate");
        return chat.listener();
    }

    private ListAppender<ILoggingEvent> logOf(Class<?> c) {
        ListAppender<ILoggingEvent> a = new ListAppender<>();
        a.start();
        Logger logger = (Logger) LoggerFactory.getLogger(c);
        Level before = logger.getLevel();
        logger.setLevel(Level.INFO); // tests run with logging quiet
        logger.addAppender(a);
        restore.add(() -> {
            logger.detachAppender(a);
            logger.setLevel(before);
            a.stop();
        });
        return a;
    }

    private static JsonObject json(String line) {
        return JsonParser.parseString(line).getAsJsonObject();
    }

    private static String event(String line) {
        return json(line).get("event").getAsString();
    }

    private List<String> lines(String event) {
        return out.lines().stream().filter(l -> event(l).equals(event)).toList();
    }

    private void written() throws InterruptedException {
        assertTrue(headless.awaitWritten(DEADLINE), "everything written within " + DEADLINE);
    }

    /** Waits for a condition that another thread makes true, failing after the deadline. */
    private static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, what + " within " + DEADLINE);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Test
    void attachingAsksForAcknowledgementsOnlyOnceHandedOverBeforeListening() {
        attach(new StringReader(""), out, Headless.EXIT_STALL);
        assertEquals(List.of("acknowledgeWhenHandedOver", "addListener"), chat.calls);
    }

    @Test
    void aConsumerThatStopsReadingNeverBlocksTheEngineAndGetsEveryMessageOnceInOrder() throws Exception {
        ChatListener engine = blockedAfterReady();
        List<ChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < PEERS * PER_PEER; i++) {
            sent.add(FakeChat.received("SHA256:peer" + i % PEERS, "peer" + i % PEERS, i));
        }
        chat.checkLocks = false; // a heap walk per call; the lock test below checks every call
        ConcurrentLinkedQueue<String> early = new ConcurrentLinkedQueue<>();
        chat.onHandedOver = messages -> {
            Set<String> flushed = new HashSet<>();
            out.flushedLines().stream().filter(l -> event(l).equals("message"))
                    .forEach(l -> flushed.add(json(l).get("id").getAsString()));
            for (ChatMessage m : messages) {
                if (!flushed.contains(m.id())) {
                    early.add(m.id());
                }
            }
        };

        assertTimeoutPreemptively(DEADLINE, () -> { // would hang if a listener call blocked
            for (ChatMessage m : sent) {
                engine.messageReceived(m);
                engine.typing(m.peer(), true);
            }
        });
        assertTrue(out.blockedNow(), "the writer is still blocked");
        assertTrue(chat.handedOver.isEmpty(), "nothing is handed over while its line is not written");
        assertEquals(PEERS * PER_PEER + PEERS, headless.waitingEvents(), "the messages and one typing per peer");

        out.open();
        written();
        List<String> ids = lines("message").stream().map(l -> json(l).get("id").getAsString()).toList();
        assertEquals(sent.stream().map(ChatMessage::id).toList(), ids, "every message, in order, exactly once");
        assertEquals("ready", event(out.lines().get(0)));
        assertEquals(sent, chat.allHandedOver(), "each handed over exactly once, in order");
        assertEquals(List.of(), List.copyOf(early), "handed over only after its line was flushed");
        assertEquals(List.of(), out.locks.violations());
        int lineCount = out.lines().size();
        assertTrue(out.flushes() * 100 < lineCount, "many lines per flush: " + out.flushes() + " for " + lineCount);
        assertTrue(chat.handedOver.size() * 100 < sent.size(), "many per hand-over: " + chat.handedOver.size());
    }

    @Test
    void callsUnderTheEnginesLocksNeverReachTheWriterOrTheHandOverUnderALock() throws Exception {
        GatedWriter checked = new GatedWriter(true, Integer.MAX_VALUE);
        attach(new StringReader(""), checked, Headless.EXIT_STALL);
        headless.ready(7447, List.of());
        ChatListener engine = chat.listener();
        Object monitor = new Object();
        java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        for (int i = 0; i < 5; i++) {
            synchronized (monitor) { // as an engine calling its listeners under its lock would
                lock.lock();
                try {
                    engine.messageReceived(FakeChat.received("SHA256:bob", "bob", i));
                    engine.peerChanged(FakeChat.peer("bob", "SHA256:bob"));
                    engine.warning(new Warning("clock-skew", "SHA256:bob", "skew", Map.of("offset_ms", "9000")));
                } finally {
                    lock.unlock();
                }
            }
        }
        written();
        assertEquals(5, chat.allHandedOver().size());
        assertTrue(checked.lines().size() > 5);
        assertEquals(List.of(), checked.locks.violations(), "Writer called holding a lock");
        assertEquals(List.of(), chat.locks.violations(), "handedOver called holding a lock");
    }

    @Test
    void aFloodOfPeerAndTypingEventsWhileBlockedStaysBoundedAndEndsInTheNewestState() throws Exception {
        ChatListener engine = blockedAfterReady();
        int fingerprints = 10;
        PeerState[] states = {PeerState.CONNECTING, PeerState.ONLINE, PeerState.OFFLINE};
        Map<String, String> lastState = new HashMap<>();
        Map<String, Boolean> lastTyping = new HashMap<>();
        for (int i = 0; i < 100_000; i++) {
            PeerInfo p = FakeChat.withState(FakeChat.peer("p" + i % fingerprints, "SHA256:p" + i % fingerprints),
                    states[i % 7 % 3], false);
            engine.peerChanged(p);
            engine.typing(p.fingerprint(), i % 3 == 0);
            lastState.put(p.fingerprint(), p.state().name().toLowerCase(java.util.Locale.ROOT));
            lastTyping.put(p.fingerprint(), i % 3 == 0);
            assertTrue(headless.waitingEvents() <= 3 * fingerprints, "bounded: " + headless.waitingEvents());
        }
        out.open();
        written();
        List<String> peers = lines("peer");
        assertEquals(2 * fingerprints, peers.size(), "the first and the newest of each");
        Map<String, String> shown = new HashMap<>();
        peers.forEach(l -> shown.put(json(l).get("fingerprint").getAsString(), json(l).get("state").getAsString()));
        assertEquals(lastState, shown);
        List<String> typing = lines("typing");
        assertEquals(fingerprints, typing.size());
        Map<String, Boolean> typed = new HashMap<>();
        typing.forEach(l -> typed.put(json(l).get("peer").getAsString(), json(l).get("active").getAsBoolean()));
        assertEquals(lastTyping, typed);
    }

    @Test
    void warningsBeyondTheCapAreCountedInAnEventsDroppedWarningOnceTheConsumerReads() throws Exception {
        ChatListener engine = blockedAfterReady();
        for (int i = 0; i < 5_000; i++) {
            engine.warning(new Warning("spoof", "SHA256:mallory", "spoof " + i, Map.of()));
        }
        assertEquals(EventQueue.MAX_WAITING_WARNINGS + 1, headless.waitingEvents());
        out.open();
        written();
        List<String> warnings = lines("warning");
        assertEquals(EventQueue.MAX_WAITING_WARNINGS + 1, warnings.size());
        JsonObject report = json(warnings.get(warnings.size() - 1));
        assertEquals("events-dropped", report.get("code").getAsString());
        assertEquals(5_000 - EventQueue.MAX_WAITING_WARNINGS, report.get("count").getAsInt());
    }

    @Test
    void exitWaitsUntilEverythingQueuedIsWrittenAndHandedOver() throws Exception {
        chat.undelivered = List.of(new ChatMessage("ffeeddccbbaa99887766554433221100", "SHA256:bob", true, "alice",
                "unacknowledged", java.time.Instant.EPOCH, MessageStatus.SENT));
        attach(new StringReader("/help\n/quit\n/help\n"), out, DEADLINE); // here a stall is a failure
        headless.ready(7447, List.of());
        assertTrue(out.awaitBlocked(DEADLINE));
        ChatListener engine = chat.listener();
        List<ChatMessage> sent = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            sent.add(FakeChat.received("SHA256:bob", "bob", i));
            engine.messageReceived(sent.get(i));
        }
        Future<?> run = threads.submit(() -> {
            headless.run();
            return null;
        });
        eventually("the answers queued", () -> headless.waitingEvents() == 1_000 + 2);
        assertFalse(run.isDone(), "exit waits for the consumer");
        out.open();
        run.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(List.of("ready"), out.lines().subList(0, 1).stream().map(SlowConsumerTest::event).toList());
        assertEquals(1_000, lines("message").size());
        assertEquals(1, lines("help").size(), "the line after /quit was not run");
        assertEquals("undelivered", json(lines("warning").get(0)).get("code").getAsString());
        assertEquals(sent, chat.allHandedOver());

        engine.messageReceived(FakeChat.received("SHA256:bob", "bob", 5_000));
        assertEquals(0, headless.waitingEvents(), "after exit nothing is taken (so nothing is acknowledged)");
        assertEquals(sent, chat.allHandedOver());
    }

    @Test
    void exitGivesUpWhenStandardOutputStaysBlockedAndSaysSo() throws Exception {
        ListAppender<ILoggingEvent> log = logOf(Headless.class);
        attach(new StringReader("/help\n"), out, Duration.ofMillis(300));
        headless.ready(7447, List.of());
        assertTrue(out.awaitBlocked(DEADLINE));
        chat.listener().messageReceived(FakeChat.received("SHA256:bob", "bob", 1));
        long t0 = System.nanoTime();
        assertTimeoutPreemptively(DEADLINE, () -> headless.run());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(300), "waited the stall time");
        assertTrue(out.blockedNow());
        assertTrue(chat.handedOver.isEmpty(), "a message never written is never handed over");
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().contains("standard output was not read")),
                log.list.toString());
    }

    @Test
    void aBrokenOutputEndsWritingLoggedOnceAndHoldsNothing() throws Exception {
        ListAppender<ILoggingEvent> log = logOf(EventWriter.class);
        AtomicInteger writes = new AtomicInteger();
        Writer broken = new Writer() {
            @Override public void write(char[] c, int off, int len) throws IOException {
                writes.incrementAndGet();
                throw new IOException("Broken pipe");
            }
            @Override public void flush() throws IOException { throw new IOException("Broken pipe"); }
            @Override public void close() {}
        };
        attach(new StringReader("/help\n/help\n"), broken, Headless.EXIT_STALL);
        ChatListener engine = chat.listener();
        engine.messageReceived(FakeChat.received("SHA256:bob", "bob", 1));
        headless.ready(7447, List.of());
        written();
        for (int i = 0; i < 10_000; i++) {
            engine.messageReceived(FakeChat.received("SHA256:bob", "bob", i));
            engine.warning(new Warning("spoof", null, "w", Map.of()));
        }
        assertEquals(0, headless.waitingEvents(), "nothing is held once the output is gone");
        assertTimeoutPreemptively(DEADLINE, () -> headless.run());
        assertEquals(1, writes.get());
        assertTrue(chat.handedOver.isEmpty());
        assertEquals(1, log.list.stream().filter(e -> e.getLevel() == Level.ERROR).count(),
                log.list.toString());
    }

    @Test
    void commandsAreReadNoFurtherWhileTooManyAnswersWait() throws Exception {
        int commands = 3 * EventQueue.MAX_WAITING_ANSWERS;
        attach(new StringReader("/help\n".repeat(commands)), out, Headless.EXIT_STALL);
        headless.ready(7447, List.of());
        assertTrue(out.awaitBlocked(DEADLINE));
        java.util.concurrent.atomic.AtomicReference<Thread> reader = new java.util.concurrent.atomic.AtomicReference<>();
        Future<?> run = threads.submit(() -> {
            reader.set(Thread.currentThread());
            headless.run();
            return null;
        });
        eventually("the command thread waits for room", () -> reader.get() != null
                && reader.get().getState() == Thread.State.WAITING
                && headless.waitingEvents() == EventQueue.MAX_WAITING_ANSWERS);
        assertEquals(EventQueue.MAX_WAITING_ANSWERS, headless.waitingEvents(), "no more answers than the limit");
        out.open();
        run.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(commands, lines("help").size(), "every command ran once the consumer read");
    }
}
