package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Warning;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.identity.Identity;
import dev.parley.identity.KnownPeersFile;
import dev.parley.identity.SafetyNumber;
import dev.parley.net.NetSettings;
import dev.parley.net.PeerNetwork;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A soak: {@value #PEERS} full peers (chat engine, network, trust store; no discovery) on loopback in
 * this JVM, each sending to every other at a steady rate, {@value #PER_SECOND} messages a second per pair,
 * for {@code -Dparley.soak.seconds} (default 60; the report's run used 600). Every message arrives
 * exactly once and in order, and every one is acknowledged; the thread count is flat and the heap grows
 * by no more than the conversations the engines keep by design.
 */
class SoakTest {
    private static final int PEERS = 10;
    private static final int PER_SECOND = 2;
    private static final long SECONDS = Long.getLong("parley.soak.seconds", 60);

    @TempDir
    Path temp;

    private record Node(String nick, Identity identity, ChatEngine chat, PeerNetwork network, Threads threads) {}

    /** What one node saw: per sender, the sequence numbers received in order; delivered acks. */
    private static final class Seen implements ChatListener {
        final Map<String, List<Integer>> bySender = new ConcurrentHashMap<>();
        final AtomicLong delivered = new AtomicLong();
        final Map<String, PeerState> states = new ConcurrentHashMap<>();

        @Override
        public void peerChanged(PeerInfo peer) {
            states.put(peer.fingerprint(), peer.state());
        }

        @Override
        public void messageReceived(ChatMessage m) {
            String[] f = m.text().split(" ");
            bySender.computeIfAbsent(f[1], k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(Integer.parseInt(f[3]));
        }

        @Override
        public void messageStatusChanged(ChatMessage m) {
            if (m.status() == MessageStatus.DELIVERED) {
                delivered.incrementAndGet();
            }
        }

        @Override
        public void warning(Warning w) { }
    }

    @Test
    void tenPeersTalkingSteadilyLoseDuplicateAndReorderNothingAndStayFlat() throws Exception {
        List<Node> nodes = new ArrayList<>();
        List<Seen> seen = new ArrayList<>();
        try {
            for (int i = 0; i < PEERS; i++) {
                Seen s = new Seen();
                nodes.add(node("p" + i, temp.resolve("p" + i), s));
                seen.add(s);
            }
            // One peer at a time: all come from 127.0.0.1 here, and a listener admits 8 handshakes per address.
            for (int i = 0; i < PEERS; i++) {
                for (int j = i + 1; j < PEERS; j++) {
                    nodes.get(i).chat().connect("127.0.0.1:" + nodes.get(j).network().port());
                }
                awaitOnline(seen.get(i), PEERS - 1 - i);
            }
            awaitAllOnline(nodes, seen);

            long ticks = SECONDS * PER_SECOND;
            long start = System.nanoTime();
            long threadsAtQuarter = -1;
            long heapAtQuarter = -1;
            for (int t = 0; t < ticks; t++) {
                for (Node from : nodes) {
                    for (Node to : nodes) {
                        if (from != to) {
                            from.chat().send(to.identity().fingerprint(), "soak " + from.nick() + " to " + t);
                        }
                    }
                }
                if (t == ticks / 4) {
                    threadsAtQuarter = ManagementFactory.getThreadMXBean().getThreadCount();
                    heapAtQuarter = usedHeapAfterGc();
                }
                long next = start + TimeUnit.MILLISECONDS.toNanos((t + 1) * 1000L / PER_SECOND);
                TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime())); // a steady rate is the scenario
            }
            long perPair = ticks;
            long expectedAcks = perPair * PEERS * (PEERS - 1);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.stream().mapToLong(s -> s.delivered.get()).sum() < expectedAcks && System.nanoTime() < end) {
                Thread.sleep(100); // polling the delivered count with a deadline
            }
            long threadsAtEnd = ManagementFactory.getThreadMXBean().getThreadCount();
            long heapAtEnd = usedHeapAfterGc();

            for (int r = 0; r < PEERS; r++) {
                for (int s = 0; s < PEERS; s++) {
                    if (r != s) {
                        List<Integer> got = new ArrayList<>(seen.get(r).bySender.getOrDefault("p" + s, List.of()));
                        assertEquals(perPair, got.size(), "p" + r + " got " + got.size() + " of p" + s + "'s messages");
                        for (int k = 0; k < got.size(); k++) {
                            assertEquals(k, got.get(k), "p" + r + " from p" + s + ": in order, once each");
                        }
                    }
                }
            }
            assertEquals(expectedAcks, seen.stream().mapToLong(s -> s.delivered.get()).sum(), "every message acknowledged");
            // Messages stored since the quarter mark: each is kept by its sender and its receiver.
            long storedSinceQuarter = 2 * expectedAcks * 3 / 4;
            long growth = heapAtEnd - heapAtQuarter;
            System.out.printf("soak: %d s, %d messages, threads %d -> %d, heap %d -> %d KiB (%d bytes per stored message)%n",
                    SECONDS, expectedAcks, threadsAtQuarter, threadsAtEnd, heapAtQuarter / 1024, heapAtEnd / 1024,
                    growth / Math.max(1, storedSinceQuarter));
            // The whole JVM's count: idle threads left by earlier test classes may end meanwhile, so only growth counts.
            assertTrue(threadsAtEnd <= threadsAtQuarter + 4, "threads " + threadsAtQuarter + " -> " + threadsAtEnd);
            assertTrue(growth <= storedSinceQuarter * 1024L + (16 << 20),
                    "heap grew by " + growth / 1024 + " KiB for " + storedSinceQuarter + " stored messages");
        } finally {
            for (Node n : nodes) {
                n.network().close();
                n.threads().close();
            }
        }
    }

    private static Node node(String nick, Path home, Seen seen) throws Exception {
        Identity id = Identity.generate(new SecureRandom());
        Threads threads = new Threads();
        LateNetwork late = new LateNetwork();
        ChatEngine chat = new ChatEngine(id.fingerprint(), id.publicKey(), nick, late, new KnownPeersFile(home),
                SafetyNumber::of, Clock.systemUTC(), new SecureRandom());
        LocalParty party = new LocalParty(id.keyPair(), id.publicKey(), null, 1, 1, () -> nick, Clock.systemUTC(),
                new SecureRandom(), PublicKeyOps.JDK);
        PeerNetwork network = new PeerNetwork(NetSettings.defaults(party, 0).withBindAddress(InetAddress.getLoopbackAddress()),
                chat, threads.netIo, threads.netTimer, Clock.systemUTC());
        late.set(network);
        chat.addListener(seen);
        chat.start();
        network.start();
        return new Node(nick, id, chat, network, threads);
    }

    private static void awaitOnline(Seen s, int atLeast) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.states.values().stream().filter(st -> st == PeerState.ONLINE).count() < atLeast) {
            assertTrue(System.nanoTime() < end, "sessions did not come up");
            Thread.sleep(20); // polling states with a deadline
        }
    }

    private static void awaitAllOnline(List<Node> nodes, List<Seen> seen) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            boolean all = true;
            for (Seen s : seen) {
                all &= s.states.values().stream().filter(st -> st == PeerState.ONLINE).count() == PEERS - 1;
            }
            if (all) {
                return;
            }
            assertTrue(System.nanoTime() < end, () -> "not every pair came online: " + seen.stream()
                    .map(s -> s.states.values().toString()).toList());
            Thread.sleep(100); // polling states with a deadline
        }
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
