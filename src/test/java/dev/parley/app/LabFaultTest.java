package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.identity.NetworkKey;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults in a namespace LAN with real Parley processes (headless, with a network key, alice writing a
 * key log): a cable cut for 30 s mid-conversation (longer than the session's silence limit, so the
 * session dies and everything typed meanwhile is resent after reconnecting), a peer killed with SIGKILL
 * and restarted with the same state folder, a peer behind 200 ms latency and 10% loss. Then the logs
 * hold no message, no network key, no traffic key and no identity key. The steps build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabFaultTest {
    private static final int SECONDS = 20;
    private static final String CANARY = "canary-" + java.util.UUID.randomUUID();
    private Lab lab;
    private HeadlessPeer alice;
    private HeadlessPeer bob;
    private String bobFingerprint;
    private final List<String> sentTexts = new ArrayList<>();
    @TempDir
    static Path temp;

    @BeforeAll
    void buildLab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        String tc = List.of("/usr/sbin/tc", "/sbin/tc").stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        assumeTrue(tc != null, "skipped: needs tc (iproute2) for the latency and loss step");
        lab = Lab.create("flt", 2);
        NetworkKey.generate(temp.resolve("net.key"), new SecureRandom());
    }

    @AfterAll
    void tearDown() throws Exception {
        for (HeadlessPeer p : new HeadlessPeer[] {alice, bob}) {
            if (p != null) {
                p.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    private HeadlessPeer startBob() throws Exception {
        HeadlessPeer b = HeadlessPeer.start(lab, 2, "bob", temp.resolve("bob"), "--network-key", temp.resolve("net.key").toString());
        bobFingerprint = str(b.awaitEvent("ready", SECONDS, e -> true), "fingerprint");
        return b;
    }

    private static void awaitState(HeadlessPeer p, String nick, String state, int seconds) throws InterruptedException {
        p.awaitEvent("peer", seconds, e -> nick.equals(str(e, "nick")) && state.equals(str(e, "state")));
    }

    @Test
    @Order(1)
    void peersConnect() throws Exception {
        alice = HeadlessPeer.start(lab, 1, "alice", temp.resolve("alice"), Map.of("PARLEY_KEYLOGFILE",
                temp.resolve("keylog.txt").toString()), "--network-key", temp.resolve("net.key").toString());
        alice.awaitEvent("ready", SECONDS, e -> true);
        bob = startBob();
        awaitState(alice, "bob", "online", SECONDS);
        awaitState(bob, "alice", "online", SECONDS);
        deliver("hello before the cut " + CANARY, SECONDS);
    }

    /** Sends from alice; returns the message id once alice shows it queued or sent. */
    private String send(String text) throws Exception {
        alice.send("/msg bob " + text);
        sentTexts.add(text);
        return str(alice.awaitEvent("status", SECONDS, e -> List.of("sent", "queued").contains(str(e, "status"))), "id");
    }

    private void deliver(String text, int seconds) throws Exception {
        String id = send(text);
        alice.awaitEvent("status", seconds, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
    }

    @Test
    @Order(2)
    void messagesTypedDuringA30SecondCutArriveOnceInOrderAfterItHeals() throws Exception {
        lab.link(2, false);
        long cutAt = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(send("typed during the cut " + i + " " + CANARY));
            Thread.sleep(5000); // the user types a message every five seconds while the cable is out
        }
        // The session dies of silence within the cut; the messages not acknowledged go back to queued.
        alice.awaitEvent("peer", 20, e -> "bob".equals(str(e, "nick")) && "offline".equals(str(e, "state")));
        long cutSeconds = (System.nanoTime() - cutAt) / 1_000_000_000L;
        assertTrue(cutSeconds >= 30, "the cable was out for " + cutSeconds + " s");
        try {
            for (String id : ids) {
                awaitSeen(alice, "message " + id + " shown queued while bob was out of reach",
                        e -> id.equals(str(e, "id")) && "queued".equals(str(e, "status")));
            }
        } finally {
            lab.link(2, true);
        }
        for (String id : ids) {
            alice.awaitEvent("status", 90, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        }
        deliver("after the cut", SECONDS);
        bob.awaitEvent("message", SECONDS, e -> "after the cut".equals(str(e, "text")));
        List<String> got = bob.all().stream().filter(e -> "message".equals(str(e, "event")))
                .map(e -> str(e, "id")).filter(ids::contains).toList();
        assertEquals(ids, got, "each message typed during the cut arrived exactly once, in the order typed");
    }

    /** Passes once an event matching has arrived, earlier or within the deadline (events come on another thread). */
    private static void awaitSeen(HeadlessPeer p, String what, java.util.function.Predicate<JsonObject> match)
            throws InterruptedException {
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(SECONDS);
        while (p.all().stream().noneMatch(match)) {
            assertTrue(System.nanoTime() < end, what);
            Thread.sleep(50); // polling the events read so far, with a deadline
        }
    }

    @Test
    @Order(3)
    void aKilledPeerIsOfflinePromptlyAndBackUnderTheSameIdentity() throws Exception {
        String before = bobFingerprint;
        bob.kill(); // SIGKILL: no goodbye, but its kernel closes the connection
        long t0 = System.nanoTime();
        awaitState(alice, "bob", "offline", 5);
        long offlineMillis = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(offlineMillis < 5000, "offline after " + offlineMillis + " ms");
        bob = startBob();
        assertEquals(before, bobFingerprint, "the same identity after a restart");
        awaitState(alice, "bob", "online", 60);
        deliver("after the restart " + CANARY, SECONDS);
        alice.send("/peers");
        JsonObject count = alice.awaitEvent("peers", SECONDS, e -> true);
        assertEquals(1, count.get("count").getAsInt(), "no duplicate peer");
        Set<String> bobs = alice.all().stream().filter(e -> "peer".equals(str(e, "event")) && "bob".equals(str(e, "nick")))
                .map(e -> str(e, "fingerprint")).collect(Collectors.toSet());
        assertEquals(Set.of(before), bobs, "alice only ever saw one bob");
    }

    @Test
    @Order(4)
    void aPeerBehind200MsAnd10PercentLossStillConverses() throws Exception {
        try {
            lab.exec(2, "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "delay", "200ms", "loss", "10%");
        } catch (java.io.IOException e) {
            assumeTrue(!String.valueOf(e.getMessage()).contains("qdisc kind is unknown"),
                    "skipped: this kernel has no netem (sch_netem), so latency and loss cannot be emulated here");
            throw e;
        }
        try {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                ids.add(send("over a bad link " + i + " " + CANARY));
                bob.send("/msg alice reply over a bad link " + i);
            }
            for (String id : ids) {
                alice.awaitEvent("status", 60, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
            }
            for (int i = 0; i < 10; i++) {
                String text = "reply over a bad link " + i;
                if (alice.all().stream().noneMatch(e -> text.equals(str(e, "text")))) {
                    alice.awaitEvent("message", 60, e -> text.equals(str(e, "text")));
                }
            }
            List<String> got = bob.all().stream().filter(e -> "message".equals(str(e, "event")))
                    .map(e -> str(e, "id")).filter(ids::contains).toList();
            assertEquals(ids, got, "in order, once each");
        } finally {
            lab.exec(2, "tc", "qdisc", "del", "dev", "eth0", "root");
        }
    }

    @Test
    @Order(5)
    void theLogsHoldNoMessageAndNoSecret() throws Exception {
        assertEquals(0, alice.quit());
        assertEquals(0, bob.quit());
        alice = null;
        bob = null;
        List<String> secrets = new ArrayList<>(List.of(CANARY, "typed during the cut", "over a bad link"));
        String netKey = Files.readString(temp.resolve("net.key")).strip();
        secrets.add(netKey);
        secrets.add(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(netKey)));
        List<String> keyLog = Files.readAllLines(temp.resolve("keylog.txt"));
        assertTrue(keyLog.size() >= 3, "the key log was written (a session per reconnect): " + keyLog.size());
        for (String line : keyLog) {
            String[] f = line.split(" ");
            secrets.add(f[3]);
            secrets.add(f[4]);
            secrets.add(HexFormat.of().formatHex(Base64.getUrlDecoder().decode(f[3])));
        }
        for (String who : List.of("alice", "bob")) {
            String seed = Files.readAllLines(temp.resolve(who).resolve("identity.key")).get(1).strip();
            secrets.add(seed);
            secrets.add(HexFormat.of().formatHex(Base64.getDecoder().decode(seed)));
        }
        for (String who : List.of("alice", "bob")) {
            StringBuilder logs = new StringBuilder();
            try (var files = Files.list(temp.resolve(who))) {
                for (Path log : files.filter(f -> f.getFileName().toString().matches("parley(\\.\\d+)?\\.log")).toList()) {
                    logs.append(Files.readString(log, StandardCharsets.UTF_8));
                }
            }
            String text = logs.toString();
            assertTrue(text.contains("is up"), who + "'s log records sessions, so the search means something");
            for (String secret : secrets) {
                assertTrue(!text.contains(secret), who + "'s log contains a secret or a message: " + secret);
            }
        }
    }
}
