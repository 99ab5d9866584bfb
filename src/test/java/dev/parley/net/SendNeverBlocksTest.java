package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A sender writes on its own thread only while the socket takes the bytes: when the peer stops
 * reading, {@link Session#send} still returns at once (the rest waits for an I/O thread), and once the
 * peer reads again every record arrives, in order.
 */
class SendNeverBlocksTest {
    private static final int RECORDS = 12_000;
    /** 48 MB in all: more than both sockets' buffers can grow to here (4 MB + 32 MB), less than the queue. */
    private static final int TEXT_BYTES = 4000;
    private static final int QUEUE_BYTES = 64 << 20;

    @Test
    void sendingToAPeerThatDoesNotReadNeitherBlocksNorLosesRecords() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        List<String> received = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(1);
        CompletableFuture<Session> up = new CompletableFuture<>();
        try (Peer receiver = new Peer("receiver", new Listener() {
                @Override public void received(Session s, ChatRecord r) {
                    await(reading); // the reader thread is stuck here: nothing more is read meanwhile
                    received.add(((ChatRecord.Text) r).id());
                    if (received.size() == RECORDS) {
                        all.countDown();
                    }
                }
            });
             Peer sender = new Peer("sender", new Listener() {
                @Override public void sessionUp(Session s) {
                    up.complete(s);
                }
            })) {
            sender.network.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), receiver.network.port()));
            Session s = up.get(10, TimeUnit.SECONDS);
            String text = "x".repeat(TEXT_BYTES);
            long slowest = 0;
            for (int i = 0; i < RECORDS; i++) {
                long t0 = System.nanoTime();
                assertTrue(s.send(new ChatRecord.Text(String.format("%032x", i), i, text)), "send " + i + " refused");
                slowest = Math.max(slowest, System.nanoTime() - t0);
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

        Peer(String nick, SessionListener listener) throws Exception {
            SecureRandom random = new SecureRandom();
            KeyPair id = Ed25519.generate(random);
            LocalParty party = new LocalParty(id, Ed25519.rawPublic(id.getPublic()), null, 1, 1, () -> nick,
                    Clock.systemUTC(), random, PublicKeyOps.JDK);
            NetSettings d = NetSettings.defaults(party, 0);
            NetSettings settings = new NetSettings(party, InetAddress.getLoopbackAddress(), 0, false, d.handshakeTimeout(),
                    d.connectTimeout(), d.maxUnauthenticated(), d.maxUnauthenticatedPerAddress(), d.pingAfter(),
                    d.deadAfter(), QUEUE_BYTES, d.maxConcurrentDials(), d.backoff(), null, InboundRate.UNLIMITED);
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
