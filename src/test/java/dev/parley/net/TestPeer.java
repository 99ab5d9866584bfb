package dev.parley.net;

import dev.parley.LockCheck;
import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.crypto.Fingerprints;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real PeerNetwork on loopback with a listener that records everything, for tests, and notes every
 * callback made while the calling thread holds a lock ({@link #lockViolations}).
 */
final class TestPeer implements AutoCloseable {
    record Event(String kind, Session session, ChatRecord record, String detail) {}

    /** How long the awaits wait for what must come: generous, for a machine whose cores are both busy. */
    static final long DEADLINE_SECONDS = 30;

    final KeyPair identity;
    final String fingerprint;
    final PeerNetwork network;
    private final String nicknameForThreads;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final BlockingQueue<ChatRecord> records = new LinkedBlockingQueue<>();
    /** Runs on the reader thread before each record is recorded; tests make it block. */
    volatile java.util.function.BiConsumer<Session, ChatRecord> beforeRecord = (s, r) -> { };
    /** Every listener call made holding a lock, described. */
    final java.util.Queue<String> lockViolations = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final ExecutorService io;
    private final RecordingTimer timer;

    TestPeer(String nick) throws Exception {
        this(nick, null, s -> s);
    }

    TestPeer(String nick, byte[] networkKey, java.util.function.UnaryOperator<NetSettings> tweak) throws Exception {
        this(nick, Ed25519.generate(new SecureRandom()), networkKey, tweak);
    }

    TestPeer(String nick, KeyPair identity, byte[] networkKey, java.util.function.UnaryOperator<NetSettings> tweak)
            throws Exception {
        this(nick, identity, networkKey, tweak, Dialer.STARTING_MILLIS);
    }

    /** @param startingMillis how long its dialer yields by fingerprint (0: as a peer that has run a while) */
    TestPeer(String nick, KeyPair identity, byte[] networkKey, java.util.function.UnaryOperator<NetSettings> tweak,
             long startingMillis) throws Exception {
        this.identity = identity;
        this.nicknameForThreads = nick;
        this.io = Executors.newCachedThreadPool(named(nick + "-io"));
        this.timer = new RecordingTimer(named(nick + "-timer"));
        byte[] pk = Ed25519.rawPublic(identity.getPublic());
        this.fingerprint = Fingerprints.of(pk);
        LocalParty party = new LocalParty(identity, pk, networkKey, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        NetSettings defaults = NetSettings.defaults(party, 0);
        // A handshake deadline of 30 s, not 5: on a machine whose cores are both busy a cold JVM's first
        // handshakes can take seconds, and one past its deadline would fail every retry alike. Tests about
        // the deadline set their own.
        NetSettings settings = tweak.apply(defaults.withBindAddress(InetAddress.getLoopbackAddress())
                .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 0.2))
                .withTimeouts(Duration.ofSeconds(DEADLINE_SECONDS), defaults.pingAfter(), defaults.deadAfter()));
        network = new PeerNetwork(settings, new Recorder(), io, timer, Clock.systemUTC(), startingMillis);
        network.start();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Live threads of this peer's pools that are doing something: not those a pool keeps idle, waiting for a
     * task (a cached pool keeps an idle thread a minute).
     */
    long busyThreadCount() {
        String prefix = nicknameForThreads + "-";
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getName().startsWith(prefix))
                .filter(e -> java.util.Arrays.stream(e.getValue()).noneMatch(f -> f.getMethodName().equals("getTask")
                        && f.getClassName().equals(java.util.concurrent.ThreadPoolExecutor.class.getName())))
                .count();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), network.port());
    }

    /** The next event of this kind, skipping others; fails after the deadline. */
    Event await(String kind) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (true) {
            Event e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no '" + kind + "' event within " + DEADLINE_SECONDS + " s");
            }
            if (e.kind.equals(kind)) {
                return e;
            }
        }
    }

    /**
     * Events until at least one of each kind has come, in whatever order, by kind (for events whose order
     * is not fixed, as a newer session's up and a replaced one's down); fails after the deadline.
     */
    java.util.Map<String, List<Event>> awaitEach(String... kinds) throws InterruptedException {
        java.util.Map<String, List<Event>> seen = new java.util.HashMap<>();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!java.util.Arrays.stream(kinds).allMatch(seen::containsKey)) {
            Event e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("only " + seen.keySet() + " of " + List.of(kinds) + " within " + DEADLINE_SECONDS + " s");
            }
            seen.computeIfAbsent(e.kind(), k -> new java.util.ArrayList<>()).add(e);
        }
        return seen;
    }

    /** The next event of this kind within {@code millis}, skipping others; null if none came. */
    Event awaitWithin(String kind, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Event e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null || e.kind.equals(kind)) {
                return e;
            }
        }
    }

    /** No event of this kind arrives within the given time (for things that must not happen). */
    boolean quietFor(String kind, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Event e = events.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                return true;
            }
            if (e.kind.equals(kind)) {
                return false;
            }
        }
    }

    /** The delays, in ms, of the delayed tasks scheduled on this peer's timer (dial yields, backoffs, waits), in order. */
    List<Long> scheduledDelays() {
        return List.copyOf(timer.delays);
    }

    /** The delay of the {@code index}-th delayed task (from 0), waiting for it to be scheduled; fails after the deadline. */
    long awaitScheduledDelay(int index) throws InterruptedException {
        return timer.awaitDelay(index, TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS));
    }

    /** A single-threaded timer that records the delay of each one-off task scheduled on it. */
    private static final class RecordingTimer extends java.util.concurrent.ScheduledThreadPoolExecutor {
        final List<Long> delays = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Object scheduled = new Object();

        RecordingTimer(java.util.concurrent.ThreadFactory threads) {
            super(1, threads);
        }

        @Override
        public void execute(Runnable task) {
            super.schedule(task, 0, TimeUnit.NANOSECONDS); // what execute does, without recording it
        }

        @Override
        public java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
            delays.add(unit.toMillis(delay));
            synchronized (scheduled) {
                scheduled.notifyAll();
            }
            return super.schedule(task, delay, unit);
        }

        long awaitDelay(int index, long timeoutNanos) throws InterruptedException {
            long end = System.nanoTime() + timeoutNanos;
            synchronized (scheduled) {
                while (delays.size() <= index) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError("no delayed task number " + index + " scheduled within the deadline");
                    }
                    TimeUnit.NANOSECONDS.timedWait(scheduled, left);
                }
            }
            return delays.get(index);
        }
    }

    List<Session> sessions() {
        return network.sessions();
    }

    @Override
    public void close() {
        network.close();
        io.shutdownNow();
        timer.shutdownNow();
    }

    /**
     * The lock every {@code ThreadPoolExecutor} worker holds while it runs a task, whatever the task:
     * only the pool itself ever tries it (without waiting), so it is no lock a listener could be stuck
     * behind, and {@link LockCheck} reports it for every call made on a pool thread.
     */
    private static final String POOL_WORKER = "synchronizer java.util.concurrent.ThreadPoolExecutor$Worker";

    /**
     * Records checked for locks, the first so many only: finding a thread's ownable synchronizers walks
     * the heap, far too slow for every one of 10,000 records, and every record takes the same path.
     */
    private static final int RECEIVED_CHECKS = 32;
    private final java.util.concurrent.atomic.AtomicInteger receivedChecks = new java.util.concurrent.atomic.AtomicInteger();

    private void checkLocks(String where) {
        List<String> held = LockCheck.heldByCurrentThread().stream().filter(h -> !h.equals(POOL_WORKER)).toList();
        if (!held.isEmpty()) {
            lockViolations.add(where + " on " + Thread.currentThread().getName() + " holding " + held);
        }
    }

    private final class Recorder implements SessionListener {
        @Override public void sessionUp(Session s) {
            checkLocks("sessionUp");
            events.add(new Event("up", s, null, null));
        }

        @Override public void received(Session s, ChatRecord r) {
            if (receivedChecks.getAndIncrement() < RECEIVED_CHECKS) {
                checkLocks("received");
            }
            beforeRecord.accept(s, r);
            records.add(r);
        }

        @Override public void sessionDown(Session s, String reason) {
            checkLocks("sessionDown");
            events.add(new Event("down", s, null, reason));
        }

        @Override public void dialFailed(InetSocketAddress a, String reason) {
            checkLocks("dialFailed");
            events.add(new Event("dial-failed", null, null, reason));
        }

        @Override public void spoofDetected(String announced, String proven, InetSocketAddress from) {
            checkLocks("spoofDetected");
            events.add(new Event("spoof", null, null, announced + " " + proven));
        }

        @Override public void handshakeUnanswered(InetSocketAddress a, String fingerprint, int times) {
            checkLocks("handshakeUnanswered");
            events.add(new Event("unanswered", null, null, a.getPort() + " " + fingerprint + " " + times));
        }

        @Override public void otherNetworkKey(InetAddress from, boolean theyUseAKey, int more) {
            checkLocks("otherNetworkKey");
            events.add(new Event("other-key", null, null, from.getHostAddress() + " " + theyUseAKey));
        }
    }
}
