package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Parley processes, headless, on three hosts of a private namespace LAN: they find each other,
 * talk, survive a cut cable, and refuse a newcomer who takes a known peer's nickname with another key.
 * The steps build on each other, in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabEndToEndTest {
    private static final int SECONDS = 20;
    /** Sent through real sessions, then looked for on disk: it must be nowhere. */
    private static final String CANARY = "canary-" + java.util.UUID.randomUUID();
    private Lab lab;
    private final Map<String, HeadlessPeer> peers = new HashMap<>();
    private final Map<String, String> fingerprints = new HashMap<>();
    @TempDir
    static Path temp;

    @BeforeAll
    void buildLab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        lab = Lab.create("e2e", 3);
    }

    @AfterAll
    void tearDown() throws Exception {
        for (HeadlessPeer p : peers.values()) {
            p.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    private HeadlessPeer start(int host, String nick, String home) throws Exception {
        HeadlessPeer p = HeadlessPeer.start(lab, host, nick, temp.resolve(home));
        JsonObject ready = p.awaitEvent("ready", SECONDS, e -> true);
        assertEquals(List.of(lab.address(host)), List.of(ready.get("addresses").getAsJsonArray().get(0).getAsString()));
        peers.put(nick, p);
        fingerprints.put(nick, str(ready, "fingerprint"));
        return p;
    }

    /** In any order: waiting for one peer skips (consumes) the events before it, another's included. */
    private static void awaitOnline(HeadlessPeer p, String nick) throws InterruptedException {
        java.util.function.Predicate<JsonObject> online = e -> "peer".equals(str(e, "event"))
                && nick.equals(str(e, "nick")) && "online".equals(str(e, "state"));
        if (p.all().stream().noneMatch(online)) {
            p.await(nick + " online", SECONDS, online);
        }
    }

    @Test
    @Order(1)
    void peersFindEachOtherAndConnect() throws Exception {
        HeadlessPeer alice = start(1, "alice", "alice");
        HeadlessPeer bob = start(2, "bob", "bob");
        HeadlessPeer carol = start(3, "carol", "carol");
        for (HeadlessPeer p : List.of(alice, bob, carol)) {
            for (String other : List.of("alice", "bob", "carol")) {
                if (!other.equals(p.nick)) {
                    awaitOnline(p, other);
                }
            }
        }
    }

    @Test
    @Order(2)
    void messagesGoBothWaysAndAreDelivered() throws Exception {
        HeadlessPeer alice = peers.get("alice");
        HeadlessPeer bob = peers.get("bob");
        alice.send("/msg bob hello bob " + CANARY);
        String id = str(alice.awaitEvent("status", SECONDS, e -> "sent".equals(str(e, "status"))), "id");
        alice.awaitEvent("status", SECONDS, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        JsonObject got = bob.awaitEvent("message", SECONDS, e -> id.equals(str(e, "id")));
        assertEquals("hello bob " + CANARY, str(got, "text"));
        assertEquals(fingerprints.get("alice"), str(got, "from"));

        bob.send("/msg alice hi alice, ça va ?");
        String reply = str(bob.awaitEvent("status", SECONDS, e -> "sent".equals(str(e, "status"))), "id");
        bob.awaitEvent("status", SECONDS, e -> reply.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        assertEquals("hi alice, ça va ?", str(alice.awaitEvent("message", SECONDS, e -> reply.equals(str(e, "id"))), "text"));
    }

    @Test
    @Order(3)
    void aMessageSentWhileTheCableIsCutArrivesOnceAfterItHeals() throws Exception {
        HeadlessPeer alice = peers.get("alice");
        HeadlessPeer bob = peers.get("bob");
        lab.link(2, false);
        alice.send("/msg bob sent into the void");
        String id = str(alice.awaitEvent("status", SECONDS,
                e -> List.of("sent", "queued").contains(str(e, "status"))), "id");
        lab.link(2, true);
        alice.awaitEvent("status", 60, e -> id.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        bob.awaitEvent("message", SECONDS, e -> id.equals(str(e, "id")));
        // Exactly once: a quick round trip afterwards, then count.
        alice.send("/msg bob after");
        bob.awaitEvent("message", SECONDS, e -> "after".equals(str(e, "text")));
        long copies = bob.all().stream().filter(e -> "message".equals(str(e, "event")) && id.equals(str(e, "id"))).count();
        assertEquals(1, copies);
    }

    @Test
    @Order(4)
    void aNewKeyUnderAKnownNicknameIsRefusedAndReported() throws Exception {
        HeadlessPeer alice = peers.get("alice");
        // alice talks to carol, so carol is a peer she knows (a peer only seen is not remembered)
        alice.send("/msg carol hi carol");
        String hi = str(alice.awaitEvent("status", SECONDS, e -> "sent".equals(str(e, "status"))), "id");
        alice.awaitEvent("status", SECONDS, e -> hi.equals(str(e, "id")) && "delivered".equals(str(e, "status")));
        peers.remove("carol").kill();
        HeadlessPeer impostor = start(3, "carol", "carol-reinstalled");
        String newFp = fingerprints.get("carol");
        JsonObject warning = alice.awaitEvent("warning", SECONDS, e -> "key-changed".equals(str(e, "code")));
        assertEquals(newFp, str(warning, "new_fingerprint"));
        assertNotEquals(newFp, str(warning, "known_fingerprint"));
        // The newcomer is listed apart, marked changed (possibly before the warning: its announcement came first).
        java.util.function.Predicate<JsonObject> changed = e -> "peer".equals(str(e, "event"))
                && newFp.equals(str(e, "fingerprint")) && "changed".equals(str(e, "trust"));
        if (alice.all().stream().noneMatch(changed)) {
            alice.await("changed peer", SECONDS, changed);
        }
        // Sending to the newcomer is refused until the user trusts it.
        alice.send("/msg " + newFp + " are you really carol?");
        assertEquals("untrusted", str(alice.awaitEvent("error", SECONDS, e -> true), "code"));
        // And the nickname still means the known carol, never the newcomer.
        alice.send("/msg carol for the real carol");
        JsonObject status = alice.awaitEvent("status", SECONDS, e -> true);
        assertEquals(str(warning, "known_fingerprint"), str(status, "to"));
        assertEquals("queued", str(status, "status"));
        impostor.close();
    }

    @Test
    @Order(5)
    void quitExitsCleanly() throws Exception {
        assertEquals(0, peers.remove("bob").quit());
        assertEquals(0, peers.remove("alice").quit());
    }

    @Test
    @Order(6)
    void noMessageReachedTheDisk() throws Exception {
        List<Path> roots = List.of(temp, Path.of(System.getProperty("java.io.tmpdir")), Path.of("").toAbsolutePath());
        List<String> found = new java.util.ArrayList<>();
        byte[] needle = CANARY.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (Path root : roots) {
            try (var files = java.nio.file.Files.walk(root)) {
                files.filter(java.nio.file.Files::isRegularFile).forEach(f -> {
                    if (f.toString().contains("surefire-reports")) {
                        return; // this test's own output, not Parley's
                    }
                    try {
                        if (java.nio.file.Files.size(f) < 64 << 20 && contains(java.nio.file.Files.readAllBytes(f), needle)) {
                            found.add(f.toString());
                        }
                    } catch (java.io.IOException | SecurityException unreadable) {
                        // sockets, files removed meanwhile: nothing of ours
                    }
                });
            } catch (java.io.UncheckedIOException racing) {
                // another process removed a folder while we walked: not ours either
            }
        }
        // The state folders were really used (the log is there, with debug detail), so the search means something.
        assertEquals(true, java.nio.file.Files.size(temp.resolve("alice/parley.log")) > 0);
        assertEquals(List.of(), found);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
