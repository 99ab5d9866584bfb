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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A sender writes on its own thread only while the socket can take the bytes without waiting: when the
 * peer stops reading, {@link Session#send} still returns at once (the rest waits for an I/O thread),
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
            assertTrue(TimeUnit.NANOSECONDS.toMillis(slowest) < 1000,
                    "a send blocked for " + TimeUnit.NANOSECONDS.toMillis(slowest) + " ms");
            reading.countDown();
            assertTrue(all.await(30, TimeUnit.SECONDS), "only " + received.size() + " records arrived");
            for (int i = 0; i < RECORDS; i++) {
                assertEquals(String.format("%032x", i), received.get(i));
            }
        }
    }

    /** Sends every record; returns the longest a send took, in ns. */
    private static long sendAll(Session s, boolean spaced) {
        String text = "x".repeat(TEXT_BYTES);
        long slowest = 0;
        for (int i = 0; i < RECORDS; i++) {
            long t0 = System.nanoTime();
            assertTrue(s.send(new ChatRecord.Text(String.format("%032x", i), i, text)), "send " + i + " refused");
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
            assertEquals("peer silent for 1 s", down.get(20, TimeUnit.SECONDS));
        } finally {
            release.countDown();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
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
            SecureRandom random = new SecureRandom();
            KeyPair id = Ed25519.generate(random);
            LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> nick,
                    Clock.systemUTC(), random, PublicKeyOps.JDK);
            NetSettings d = NetSettings.defaults(party, 0);
            NetSettings settings = new NetSettings(party, InetAddress.getLoopbackAddress(), 0, false, d.handshakeTimeout(),
                    d.connectTimeout(), d.maxUnauthenticated(), d.maxUnauthenticatedPerAddress(), d.pingAfter(),
                    d.deadAfter(), QUEUE_BYTES, d.maxConcurrentDials(), d.backoff(), null, InboundRate.UNLIMITED);
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
