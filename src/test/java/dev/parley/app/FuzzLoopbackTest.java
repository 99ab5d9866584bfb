package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.crypto.Ed25519;
import dev.parley.handshake.Initiator;
import dev.parley.handshake.LocalParty;
import dev.parley.handshake.PublicKeyOps;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.ProcessStats;
import dev.parley.wire.FrameReader;
import dev.parley.wire.FrameWriter;
import dev.parley.wire.Limits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fuzzing client against a real Parley process on loopback: hundreds of connections carrying random
 * bytes, oversized lengths, truncated and mutated handshakes, valid handshakes followed by garbage, and
 * slow drips, while a legitimate peer chats with it. Afterwards the process is alive and, once its
 * deadlines and idle threads have run out, holds as many threads and file descriptors as before.
 * Bounded: {@value #CONNECTIONS} connections, to this machine's loopback only.
 */
class FuzzLoopbackTest {
    private static final int CONNECTIONS = 400;
    private static final int DRIPS = 6;
    private static final int SECONDS = 20;
    private static final AtomicInteger CASES = new AtomicInteger();

    @TempDir
    Path temp;

    @Test
    void fuzzLeavesNoThreadOrDescriptorBehindAndTheChatGoesOn() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "skipped: needs Linux's /proc to count descriptors");
        try (HeadlessPeer victim = HeadlessPeer.startLocal("victim", temp.resolve("victim"), "--no-mdns", "--port", "0")) {
            int port = victim.awaitEvent("ready", SECONDS, e -> true).get("port").getAsInt();
            try (HeadlessPeer friend = HeadlessPeer.startLocal("friend", temp.resolve("friend"), "--no-mdns",
                    "--port", "0", "--peer", "127.0.0.1:" + port)) {
                victim.awaitEvent("peer", SECONDS, e -> "friend".equals(str(e, "nick")) && "online".equals(str(e, "state")));
                friend.awaitEvent("peer", SECONDS, e -> "victim".equals(str(e, "nick")) && "online".equals(str(e, "state")));
                chat(friend, victim, "warm-up"); // the JIT and the pools see a session before we count
                long pid = victim.process().pid();
                long threadsBefore = settled(() -> ProcessStats.threads(pid));
                long fdsBefore = settled(() -> ProcessStats.fds(pid));

                InetSocketAddress target = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                ExecutorService fuzzers = Executors.newFixedThreadPool(4 + DRIPS);
                List<Future<?>> jobs = new ArrayList<>();
                for (int d = 0; d < DRIPS; d++) {
                    jobs.add(fuzzers.submit(() -> drip(target)));
                }
                for (int w = 0; w < 4; w++) {
                    long seed = new SecureRandom().nextLong();
                    jobs.add(fuzzers.submit(() -> fuzz(target, new Random(seed), CONNECTIONS / 4)));
                }
                int chats = 0;
                while (jobs.stream().anyMatch(f -> !f.isDone())) {
                    chat(friend, victim, "during fuzzing " + chats++);
                }
                for (Future<?> f : jobs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                fuzzers.shutdownNow();
                assertTrue(victim.process().isAlive(), "the victim survived");
                assertTrue(chats >= 3, "the friend chatted throughout: " + chats + " messages");
                assertTrue(CASES.get() >= CONNECTIONS, "connections made: " + CASES.get());
                chat(friend, victim, "after fuzzing");

                awaitAtMost("threads", () -> ProcessStats.threads(pid), threadsBefore, pid);
                awaitAtMost("file descriptors", () -> ProcessStats.fds(pid), fdsBefore, pid);
                assertEquals(0, friend.quit());
            }
            assertEquals(0, victim.quit());
        }
    }

    /** Sends a message from {@code from} and waits until {@code to} shows it and {@code from} sees it delivered. */
    private static void chat(HeadlessPeer from, HeadlessPeer to, String text) throws Exception {
        from.send("/msg " + to.nick + " " + text);
        String id = str(from.awaitEvent("status", SECONDS, e -> "sent".equals(str(e, "status"))
                || "queued".equals(str(e, "status"))), "id");
        from.awaitEvent("status", SECONDS, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        JsonObject got = to.awaitEvent("message", SECONDS, e -> id.equals(str(e, "id")));
        assertEquals(text, str(got, "text"));
    }

    private interface Count {
        long get() throws IOException;
    }

    /** The count once it has stayed the same for a second (pools and the JIT settle after start-up). */
    private static long settled(Count count) throws Exception {
        long last = count.get();
        long stableSince = System.nanoTime();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() - stableSince < TimeUnit.SECONDS.toNanos(1) && System.nanoTime() < end) {
            Thread.sleep(100); // sampling a count until it is stable
            long now = count.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
        }
        return last;
    }

    /**
     * Polls until the count is back to at most {@code limit}: handshake deadlines (5 s), idle I/O threads
     * (5 s) and a session left waiting for the body of a 65535-byte frame (silent for 30 s) need time.
     */
    private static void awaitAtMost(String what, Count count, long limit, long pid) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
        long now;
        while ((now = count.get()) > limit) {
            if (System.nanoTime() > end) {
                throw new AssertionError(what + ": " + now + " after fuzzing, " + limit + " before; threads "
                        + ProcessStats.threadNames(pid) + "; descriptors " + ProcessStats.fdTargets(pid));
            }
            Thread.sleep(200); // polling a count with a deadline
        }
    }

    private static void fuzz(InetSocketAddress target, Random random, int connections) {
        for (int i = 0; i < connections; i++) {
            try (Socket s = new Socket()) {
                s.connect(target, 3000);
                s.setSoTimeout(6000);
                CASES.incrementAndGet();
                oneCase(s, random, i % 7);
            } catch (IOException | RuntimeException closedByTheVictim) {
                // the victim hangs up on nonsense: that is the point
            }
        }
    }

    private static void oneCase(Socket s, Random random, int kind) throws IOException {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        switch (kind) {
            case 0 -> out.write(bytes(random, 1 + random.nextInt(3000)));                 // random bytes
            case 1 -> out.write(new byte[] {(byte) 0xff, (byte) 0xff, 1, 2, 3});            // oversized length
            case 2 -> {                                                                       // truncated M1
                byte[] frame = FrameWriter.encode(new Initiator(party()).message1());
                out.write(frame, 0, random.nextInt(frame.length));
            }
            case 3 -> {                                                                       // mutated M1
                byte[] m1 = new Initiator(party()).message1();
                m1[random.nextInt(m1.length)] ^= (byte) (1 + random.nextInt(255));
                out.write(FrameWriter.encode(m1));
            }
            case 4 -> {                                                                       // M1, then garbage for M3
                Initiator i = new Initiator(party());
                out.write(FrameWriter.encode(i.message1()));
                new FrameReader(in).read(Limits.MAX_HANDSHAKE_FRAME);
                out.write(FrameWriter.encode(bytes(random, 1 + random.nextInt(Limits.MAX_HANDSHAKE_FRAME))));
            }
            case 5 -> {                                                                       // a valid handshake, then garbage
                FrameReader frames = new FrameReader(in);
                Initiator i = new Initiator(party());
                out.write(FrameWriter.encode(i.message1()));
                try {
                    out.write(FrameWriter.encode(i.message3(frames.read(Limits.MAX_HANDSHAKE_FRAME))));
                } catch (dev.parley.handshake.HandshakeFailedException e) {
                    throw new AssertionError("the victim's M2 did not verify", e);
                }
                frames.read(Limits.MAX_FRAME); // READY
                out.write(random.nextBoolean() ? FrameWriter.encode(bytes(random, 1 + random.nextInt(4000)))
                        : new byte[] {(byte) 0xff, (byte) 0xff});
            }
            default -> out.write(FrameWriter.encode(bytes(random, 1 + random.nextInt(Limits.MAX_HANDSHAKE_FRAME))));
        }
        out.flush();
        if (kind == 4 || kind == 5 || random.nextInt(10) == 0) {
            while (in.read() >= 0) {
                // wait for the victim to hang up (or the read timeout)
            }
        } // else hang up at once, mid-message, which the victim must clean up after too
    }

    /** A valid M1 one byte every 300 ms: the handshake deadline, not per-read timeouts, must end it. */
    private static void drip(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.connect(target, 3000);
            CASES.incrementAndGet();
            byte[] frame = FrameWriter.encode(new Initiator(party()).message1());
            OutputStream out = s.getOutputStream();
            for (byte b : frame) {
                out.write(b);
                out.flush();
                Thread.sleep(300); // a slow drip is the case under test
            }
        } catch (IOException | InterruptedException closedByTheVictim) {
            // expected once the deadline passes
        }
    }

    /** One identity for every fuzz handshake, so the victim learns one stranger, not hundreds. */
    private static final KeyPair FUZZ_IDENTITY = Ed25519.generate(new SecureRandom());

    private static LocalParty party() {
        return new LocalParty(FUZZ_IDENTITY, Ed25519.rawPublic(FUZZ_IDENTITY.getPublic()), null, 1, 1, () -> "fuzz",
                Clock.systemUTC(), new SecureRandom(), PublicKeyOps.JDK);
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
