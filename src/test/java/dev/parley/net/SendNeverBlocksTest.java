package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.wire.RecordType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A sender writes on its own thread only while the socket can take the bytes without waiting: when the
 * peer stops reading, {@link Session#send} and {@link Session#flush} still return at once (the rest
 * waits for an I/O thread),
 * even if the peer forges answers to the PINGs that measure what it has read, and once the peer reads
 * again every record arrives, in order. A peer that stops reading altogether is ended as silent.
 */
class SendNeverBlocksTest {
    private static final int RECORDS = 12_000;
    /** 48 MB in all: more than both sockets' buffers can grow to here (4 MB + 32 MB), less than the queue. */
    private static final int TEXT_BYTES = 4000;
    private static final int QUEUE_BYTES = 64 << 20;
    /** Longer than LiveSession's burst window (5 us). */
    private static final long SPACING_NANOS = 20_000;

    @Test
    void sendingToAPeerThatDoesNotReadNeitherBlocksNorLosesRecords() throws Exception {
        sendToAStalledReader(false);
    }

    @Test
    void forgedPongsDoNotLetASenderWriteIntoAFullSocket() throws Exception {
        sendToAStalledReader(true);
    }

    private void sendToAStalledReader(boolean forgePongs) throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        List<String> received = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(1);
        CompletableFuture<Session> up = new CompletableFuture<>();
        CompletableFuture<Session> receiverSide = new CompletableFuture<>();
        try (Peer receiver = new Peer("receiver", s -> s, new Listener() {
                @Override public void sessionUp(Session s) {
                    receiverSide.complete(s);
                }

                @Override public void received(Session s, ChatRecord r) {
                    await(reading); // the reader thread is stuck here: nothing more is read meanwhile
                    received.add(((ChatRecord.Text) r).id());
                    if (received.size() == RECORDS) {
                        all.countDown();
                    }
                }
            });
             Peer sender = new Peer("sender", s -> s, new Listener() {
                @Override public void sessionUp(Session s) {
                    up.complete(s);
                }
            })) {
            sender.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.network.port()));
            Session s = up.get(10, TimeUnit.SECONDS);
            LiveSession forger = (LiveSession) receiverSide.get(10, TimeUnit.SECONDS);
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread forging = new Thread(() -> {
                SecureRandom random = new SecureRandom();
                while (forgePongs && sending.get()) {
                    byte[] nonce = new byte[8];
                    random.nextBytes(nonce);
                    forger.sendRaw(RecordType.PONG, nonce); // answers to PINGs it never read
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000); // a steady trickle, not a flood
                }
            });
            forging.start();
            long slowest;
            try {
                // A send that blocks would block until the receiver gives up waiting: fail long before.
                slowest = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> sendAll(s, forgePongs), "a send blocked");
            } finally {
                sending.set(false);
                forging.join();
            }
            // a blocked send would wait until the reader reads (below, after the sends): any bound far below the
            // preemptive timeout tells the two apart; generous, for a machine whose cores are both busy
            assertTrue(TimeUnit.NANOSECONDS.toMillis(slowest) < 10_000,
                    "a send blocked for " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
            reading.countDown();
            assertTrue(all.await(30, TimeUnit.SECONDS), "only " + received.size() + " records arrived");
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(String.format("%032x", i), received.get(i));
            }
        }
    }

    @Test
    void aReplacedSessionWhosePeerNeverHangsUpIsEndedAfterAWhile() throws Exception {
        KeyPair bob = Ed25519.generate(new SecureRandom());
        CountDownLatch release = new CountDownLatch(1);
        BlockingQueue<Session> aliceUp = new LinkedBlockingQueue<>();
        java.util.function.UnaryOperator<NetSettings> quick =
                s -> s.withTimeouts(s.handshakeTimeout(), Duration.ofMillis(200), Duration.ofSeconds(2));
        try (Peer alice = new Peer("alice", quick, new Listener() {
                @Override public void sessionUp(Session s) {
                    aliceUp.add(s);
                }
            });
             Peer oldBob = new Peer("bob", bob, s -> s, new Listener() {
                @Override public void received(Session s, ChatRecord r) {
                    await(release); // its reader reads nothing more: it never sees alice's BYE
                }
            })) {
            InetSocketAddress at = new InetSocketAddress(InetAddress.getLoopbackAddress(), alice.network.port());
            oldBob.network.dial(at);
            LiveSession stale = (LiveSession) aliceUp.poll(10, TimeUnit.SECONDS);
            assertTrue(stale != null && stale.send(new ChatRecord.Text("00".repeat(16), 1, "still there?")));
            stale.flush();
            try (Peer newBob = new Peer("bob", bob, quick, new Listener() { })) { // bob restarted
                newBob.network.dial(at);
                Session fresh = aliceUp.poll(10, TimeUnit.SECONDS);
                assertTrue(fresh != null && fresh != stale, "the restarted bob's session replaces the old one");
                // Out of the registry, only the timer's round of replaced sessions can end it now.
                assertTrue(stale.awaitEnd(15_000), "the replaced session's reader still waits for the old bob");
            }
        } finally {
            release.countDown();
        }
    }

    @Test
    void timeSpentHandlingARecordIsNotThePeersSilence() throws Exception {
        BlockingQueue<String> aliceEvents = new LinkedBlockingQueue<>();
        CompletableFuture<Session> bobUp = new CompletableFuture<>();
        CountDownLatch never = new CountDownLatch(1);
        try (Peer alice = new Peer("alice", s -> s.withTimeouts(s.handshakeTimeout(), Duration.ofMillis(200),
                Duration.ofSeconds(1)), new Listener() {
                @Override public void received(Session s, ChatRecord r) {
                    String text = ((ChatRecord.Text) r).text();
                    if (text.equals("slow")) {
                        await(never, 2500); // a handler busy for longer than the silence limit
                    }
                    aliceEvents.add("got " + text);
                }

                @Override public void sessionDown(Session s, String reason) {
                    aliceEvents.add("down: " + reason);
                }
            });
             Peer bob = new Peer("bob", s -> s, new Listener() {
                @Override public void sessionUp(Session s) {
                    bobUp.complete(s);
                }
            })) {
            bob.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), alice.network.port()));
            Session s = bobUp.get(10, TimeUnit.SECONDS);
            assertTrue(s.send(new ChatRecord.Text("01".repeat(16), 1, "slow")));
            s.flush();
            assertEquals("got slow", aliceEvents.poll(10, TimeUnit.SECONDS));
            assertTrue(s.send(new ChatRecord.Text("02".repeat(16), 2, "after")));
            s.flush();
            assertEquals("got after", aliceEvents.poll(10, TimeUnit.SECONDS), "the session lived on");
        }
    }

    @Test
    void theKernelsUnsentLimitIsReadWhole() throws Exception {
        java.nio.file.Path sysctl = java.nio.file.Path.of("/proc/sys/net/ipv4/tcp_notsent_lowat");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(sysctl), "no " + sysctl + " here");
        String whole;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(sysctl)) {
            whole = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
        }
        assertEquals(Long.parseLong(whole), InlineBudget.notSentLowWater());
    }

    /** Sends and flushes every record, as the chat engine does; returns the longest a send and flush took, in ns. */
    private static long sendAll(Session s, boolean spaced) {
        String text = "x".repeat(TEXT_BYTES);
        long slowest = 0;
        for (int i = 0; i < RECORDS; i++) {
            long t0 = System.nanoTime();
            assertTrue(s.send(new ChatRecord.Text(String.format("%032x", i), i, text)), "send " + i + " refused");
            s.flush();
            long t1 = System.nanoTime();
            slowest = Math.max(slowest, t1 - t0);
            // Spaced apart, as typed messages are, sends are not a burst (which goes to the I/O thread
            // anyway): each send decides for itself whether it may write on its own thread.
            while (spaced && System.nanoTime() - t1 < SPACING_NANOS) {
                Thread.onSpinWait();
            }
        }
        return slowest;
    }

    @Test
    void aPeerThatReadsNothingForTooLongIsEndedAsSilent() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Session> up = new CompletableFuture<>();
        CompletableFuture<String> down = new CompletableFuture<>();
        try (Peer stuck = new Peer("stuck", s -> s, new Listener() {
                @Override public void received(Session s, ChatRecord r) {
                    await(release); // reads nothing more, so answers no PING
                }
            });
             Peer watcher = new Peer("watcher", s -> s.withTimeouts(s.handshakeTimeout(), Duration.ofMillis(200),
                     Duration.ofSeconds(1)), new Listener() {
                @Override public void sessionUp(Session s) {
                    up.complete(s);
                }

                @Override public void sessionDown(Session s, String reason) {
                    down.complete(reason);
                }
            })) {
            watcher.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), stuck.network.port()));
            Session s = up.get(10, TimeUnit.SECONDS);
            assertTrue(s.send(new ChatRecord.Text("00".repeat(16), 1, "are you there?")));
            s.flush();
            assertEquals("peer silent for 1 s", down.get(20, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        await(latch, 30_000);
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private abstract static class Listener implements SessionListener {
        @Override public void sessionUp(Session s) { }
        @Override public void received(Session s, ChatRecord r) { }
        @Override public void sessionDown(Session s, String reason) { }
    }

    private static final class Peer implements AutoCloseable {
        final ExecutorService io = Executors.newCachedThreadPool();
        final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        final PeerNetwork network;

        Peer(String nick, java.util.function.UnaryOperator<NetSettings> tweak, SessionListener listener) throws Exception {
            this(nick, Ed25519.generate(new SecureRandom()), tweak, listener);
        }

        Peer(String nick, KeyPair id, java.util.function.UnaryOperator<NetSettings> tweak, SessionListener listener)
                throws Exception {
            SecureRandom random = new SecureRandom();
            LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> nick,
                    Clock.systemUTC(), random, PublicKeyOps.JDK);
            NetSettings d = NetSettings.defaults(party, 0);
            NetSettings settings = new NetSettings(party, InetAddress.getLoopbackAddress(), 0, false, d.handshakeTimeout(),
                    d.connectTimeout(), d.maxUnauthenticated(), d.maxUnauthenticatedPerAddress(), d.pingAfter(),
                    d.deadAfter(), QUEUE_BYTES, d.maxConcurrentDials(), d.backoff(), null);
            settings = tweak.apply(settings);
            network = new PeerNetwork(settings, listener, io, timer, Clock.systemUTC());
            network.start();
        }

        @Override
        public void close() {
            network.close();
            io.shutdownNow();
            timer.shutdownNow();
        }
    }
}
