package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Warning;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.headless.Headless;
import dev.parley.identity.Identity;
import dev.parley.identity.KnownPeersFile;
import dev.parley.identity.SafetyNumber;
import dev.parley.net.NetSettings;
import dev.parley.net.PeerNetwork;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A headless consumer that stops reading its standard output, for several times the silence timeout,
 * while a peer sends it thousands of messages: real engines, networks and sockets on loopback, bob's
 * output a writer that blocks as a full pipe does. Keep-alive and dialling go on meanwhile (nobody goes
 * offline, a third peer comes online), the sender's messages wait in its own outbox, and once bob's
 * consumer reads again every message is written once, in order, and delivered.
 */
class StalledConsumerTest {
    private static final Duration DEAD_AFTER = Duration.ofMillis(1_000);
    /** The stall is the scenario: four silence timeouts. */
    private static final Duration STALL = DEAD_AFTER.multipliedBy(4);
    private static final int MESSAGES = 2_000;

    @TempDir
    Path temp;

    private record Node(String nick, Identity identity, ChatEngine chat, PeerNetwork network, Threads threads) {}

    /** What a node's engine reported. */
    private static final class Seen implements ChatListener {
        final Map<String, List<PeerState>> states = new ConcurrentHashMap<>();
        final AtomicLong delivered = new AtomicLong();

        @Override
        public void peerChanged(PeerInfo p) {
            states.computeIfAbsent(p.fingerprint(), k -> new CopyOnWriteArrayList<>()).add(p.state());
            changed();
        }

        @Override
        public void messageReceived(ChatMessage m) { }

        @Override
        public void messageStatusChanged(ChatMessage m) {
            if (m.status() == MessageStatus.DELIVERED) {
                delivered.incrementAndGet();
                changed();
            }
        }

        @Override
        public void warning(Warning w) { }

        PeerState last(String fingerprint) {
            List<PeerState> s = states.getOrDefault(fingerprint, List.of());
            return s.isEmpty() ? null : s.get(s.size() - 1);
        }

        long offline(String fingerprint) {
            return states.getOrDefault(fingerprint, List.of()).stream().filter(st -> st == PeerState.OFFLINE).count();
        }
    }

    /** Standard output as a pipe its reader stopped draining: while shut, a write waits. */
    private static final class Pipe extends Writer {
        private final StringBuilder written = new StringBuilder();
        private boolean shut;
        /** Read without the pipe's monitor, which a blocked write holds (and {@link #await} must not need). */
        private volatile boolean waiting;

        synchronized void shut() {
            shut = true;
        }

        synchronized void open() {
            shut = false;
            notifyAll();
        }

        boolean waiting() {
            return waiting;
        }

        synchronized String text() {
            return written.toString();
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) throws IOException {
            while (shut) {
                waiting = true;
                changed();
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                } finally {
                    waiting = false;
                }
            }
            written.append(buf, off, len);
        }

        @Override
        public void flush() { }

        @Override
        public void close() { }
    }

    @Test
    void aConsumerThatStopsReadingStallsNothingAndLosesNothing() throws Exception {
        Seen aliceSaw = new Seen();
        Seen bobSaw = new Seen();
        Seen carolSaw = new Seen();
        Pipe out = new Pipe();
        List<Node> nodes = new ArrayList<>();
        Headless front = null;
        try {
            Node alice = node("alice", aliceSaw, null);
            nodes.add(alice);
            Headless[] h = new Headless[1];
            Node bob = node("bob", bobSaw, chat -> h[0] = Headless.attach(chat, new StringReader(""), out,
                    Threads.headlessOutput()));
            nodes.add(bob);
            front = h[0];
            front.ready(bob.network().port(), List.of("127.0.0.1"));
            String a = alice.identity().fingerprint();
            String b = bob.identity().fingerprint();
            alice.chat().connect("127.0.0.1:" + bob.network().port());
            await(() -> aliceSaw.last(b) == PeerState.ONLINE && bobSaw.last(a) == PeerState.ONLINE, "alice and bob online");

            out.shut();
            for (int i = 0; i < MESSAGES; i++) {
                alice.chat().send(b, "m" + i);
            }
            await(out::waiting, "bob's output blocked");
            long deliveredAtStall = aliceSaw.delivered.get();

            Node carol = node("carol", carolSaw, null);
            nodes.add(carol);
            carol.chat().connect("127.0.0.1:" + bob.network().port());
            String c = carol.identity().fingerprint();
            await(() -> carolSaw.last(b) == PeerState.ONLINE && bobSaw.last(c) == PeerState.ONLINE,
                    "a third peer dials bob and both see it online while bob's output is stalled");
            TimeUnit.NANOSECONDS.sleep(STALL.toNanos()); // the stall itself is the scenario: four silence timeouts
            assertEquals(0, aliceSaw.offline(b), "alice never saw bob go offline");
            assertEquals(0, bobSaw.offline(a), "bob's engine never saw alice go offline");
            assertEquals(PeerState.ONLINE, bob.chat().peer(a).orElseThrow().state());
            long undelivered = alice.chat().undelivered().size();
            assertTrue(undelivered >= MESSAGES - deliveredAtStall - 2L * 256,
                    "the rest waits in alice's outbox, not on the wire: " + undelivered);
            assertTrue(aliceSaw.delivered.get() <= deliveredAtStall + 1, "nothing delivered that bob's user has not seen");

            out.open();
            await(() -> aliceSaw.delivered.get() == MESSAGES, "every message delivered once bob's consumer reads again");
            Headless stopping = front;
            front = null;
            stopping.stop();
            List<String> texts = new ArrayList<>();
            for (String line : out.text().split("\n")) {
                JsonObject e = JsonParser.parseString(line).getAsJsonObject();
                if (e.get("event").getAsString().equals("message")) {
                    texts.add(e.get("text").getAsString());
                }
            }
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                expected.add("m" + i);
            }
            assertEquals(expected, texts, "every message written to bob's output, once, in order");
        } finally {
            if (front != null) {
                out.open();
                front.stop();
            }
            for (Node n : nodes) {
                n.network().close();
                n.threads().close();
            }
        }
    }

    /** A peer on loopback with short keep-alive timeouts; {@code attach} (may be null) attaches its front end. */
    private Node node(String nick, Seen seen, java.util.function.Consumer<ChatEngine> attach) throws Exception {
        Identity id = Identity.generate(new SecureRandom());
        Threads threads = new Threads();
        LateNetwork late = new LateNetwork();
        ChatEngine chat = new ChatEngine(id.fingerprint(), id.publicKey(), nick, late,
                new KnownPeersFile(temp.resolve(nick)), threads.store, SafetyNumber::of, Clock.systemUTC(),
                new SecureRandom());
        LocalParty party = new LocalParty(id.keyPair(), id.publicKey(), null, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        NetSettings settings = NetSettings.defaults(party, 0).withBindAddress(InetAddress.getLoopbackAddress())
                .withTimeouts(Duration.ofSeconds(5), DEAD_AFTER.dividedBy(5), DEAD_AFTER);
        PeerNetwork network = new PeerNetwork(settings, chat, threads.netIo, threads.netTimer, Clock.systemUTC());
        late.set(network);
        if (attach != null) {
            attach.accept(chat);
        }
        chat.addListener(seen);
        chat.start();
        network.start();
        return new Node(nick, id, chat, network, threads);
    }

    /** Signalled whenever a listener or the pipe records something a test may be waiting for. */
    private static final Object CHANGED = new Object();

    private static void changed() {
        synchronized (CHANGED) {
            CHANGED.notifyAll();
        }
    }

    /** Waits, with a deadline, until {@code condition} holds, looking again at each change signalled. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (CHANGED) {
            while (!condition.getAsBoolean()) {
                long left = end - System.nanoTime();
                assertTrue(left > 0, "timed out waiting for: " + what);
                TimeUnit.NANOSECONDS.timedWait(CHANGED, left);
            }
        }
    }
}
