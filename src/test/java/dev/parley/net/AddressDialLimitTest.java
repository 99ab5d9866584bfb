package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.parley.chat.ChatRecord;
import dev.parley.chat.Session;
import dev.parley.chat.SessionListener;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Dials by address ({@code --peer}, {@code /connect}, and their retries) take at most
 * {@link NetSettings#ADDRESS_DIALS} I/O threads at once, what the thread cap counts them for; the rest wait
 * their turn, without a thread, and start as places free (reviewer item 5).
 */
class AddressDialLimitTest {
    @Test
    void dialsByAddressBeyondTheirShareOfThreadsWaitTheirTurn() throws Exception {
        BlockingQueue<Runnable> submitted = new LinkedBlockingQueue<>();
        Executor io = submitted::add; // holds each task: the test runs them when it likes
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        BlockingQueue<String> failed = new LinkedBlockingQueue<>();
        SessionListener listener = new SessionListener() {
            @Override public void sessionUp(Session s) { }
            @Override public void received(Session s, ChatRecord r) { }
            @Override public void sessionDown(Session s, String reason) { }
            @Override public void dialFailed(InetSocketAddress a, String reason) { failed.add(a.getPort() + " " + reason); }
        };
        KeyPair identity = Ed25519.generate(new SecureRandom());
        byte[] pk = Ed25519.rawPublic(identity.getPublic());
        LocalParty party = new LocalParty(identity, pk, null, 1, 1, () -> "dialler", Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        NetSettings settings = NetSettings.defaults(party, 0).withBindAddress(InetAddress.getLoopbackAddress())
                .withBackoff(new Backoff(Duration.ofHours(1), Duration.ofHours(1), 0)); // no retry during the test
        SessionRegistry registry = new SessionRegistry(pk, listener, new SessionRegistry.Observer() {
            @Override public void sessionUp(String fingerprint) { }
            @Override public void sessionEnded(String fingerprint, boolean peerSaidGoodbye) { }
        }, settings.maxSessions());
        Connector connector = new Connector(settings, new Handshaker(settings, Clock.systemUTC(), io), registry,
                listener, listener::received, io, timer,
                new FailureLog(org.slf4j.LoggerFactory.getLogger(getClass()), Clock.systemUTC(), 20),
                new AtomicInteger(), new NetworkKeyHints(listener, Clock.systemUTC()));
        int refusing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = s.getLocalPort(); // closed now: a dial there is refused at once, on loopback
        }
        try {
            int dials = 3 * NetSettings.ADDRESS_DIALS;
            for (int i = 0; i < dials; i++) {
                connector.dial(new InetSocketAddress(InetAddress.getLoopbackAddress(), refusing));
            }
            assertEquals(NetSettings.ADDRESS_DIALS, submitted.size(), "only ADDRESS_DIALS took an I/O thread");
            assertEquals(NetSettings.ADDRESS_DIALS, connector.addressDials()[0]);
            assertEquals(dials - NetSettings.ADDRESS_DIALS, connector.addressDials()[1], "the rest wait their turn");

            Runnable first = submitted.poll();
            first.run(); // refused at once: its place goes to the oldest waiting dial
            assertNotNull(failed.poll(TestPeer.DEADLINE_SECONDS, TimeUnit.SECONDS), "the first failure is said");
            assertEquals(NetSettings.ADDRESS_DIALS, submitted.size(), "one ended, one more started, no more");
            assertEquals(NetSettings.ADDRESS_DIALS, connector.addressDials()[0]);
            assertEquals(dials - NetSettings.ADDRESS_DIALS - 1, connector.addressDials()[1]);

            Runnable task;
            while ((task = submitted.poll()) != null) { // every dial runs in the end, none refused
                task.run();
            }
            assertEquals(0, connector.addressDials()[0], "every place freed");
            assertEquals(0, connector.addressDials()[1]);
            assertEquals(dials, failed.size() + 1, "every dial ran and failed once");
        } finally {
            timer.shutdownNow();
        }
    }
}
