package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rooms with real {@code parley --headless} processes on a namespace LAN of five hosts (discovery by
 * mDNS): a room of all five; 50 messages from each member, interleaved, while one member's link is cut
 * for 20 s; every member then holds every message exactly once in per-author order. A member kicked while
 * partitioned learns it on heal and gets nothing sent after the kick; a restarted member is offered the
 * room again; a restarted owner recovers its roster. Skipped with the reason where namespaces cannot be
 * made (not root, no iproute2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RoomsLabTest {
    private static final int N = 5;
    private static final int SECONDS = 60;
    private static final int MESSAGES = 50;

    /**
     * Static: JUnit injects an instance field with a fresh folder before each test method, even with one
     * instance per class, so a peer restarted in a later step came back with a new identity (a stranger to
     * the room) instead of its own.
     */
    @TempDir
    static Path temp;
    private Lab lab;
    private final HeadlessPeer[] peers = new HeadlessPeer[N + 1];
    private final String[] fps = new String[N + 1];
    private String room;

    @BeforeAll
    void buildLab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        lab = Lab.create("rms", N);
    }

    @AfterAll
    void tearDown() throws Exception {
        for (HeadlessPeer p : peers) {
            if (p != null) {
                p.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    private HeadlessPeer start(int host) throws Exception {
        HeadlessPeer p = HeadlessPeer.start(lab, host, "h" + host, temp.resolve("h" + host));
        String fp = str(p.awaitEvent("ready", SECONDS, e -> true), "fingerprint");
        if (fps[host] != null) {
            assertEquals(fps[host], fp, "h" + host + " restarted with its own identity");
        }
        fps[host] = fp;
        peers[host] = p;
        return p;
    }

    private void awaitOnline(int at, int other) throws InterruptedException {
        peers[at].awaitSeen(0, "h" + other + " online", SECONDS,
                e -> "peer".equals(str(e, "event")) && fps[other].equals(str(e, "fingerprint")) && "online".equals(str(e, "state")));
    }

    private static boolean roomWith(JsonObject e, String room, int members) {
        return "room".equals(str(e, "event")) && room.equals(str(e, "room")) && e.getAsJsonArray("members").size() == members;
    }

    @Test
    @Order(1)
    void aRoomOfFive() throws Exception {
        for (int i = 1; i <= N; i++) {
            start(i);
        }
        for (int i = 1; i <= N; i++) {
            for (int j = 1; j <= N; j++) {
                if (i != j) {
                    awaitOnline(i, j);
                }
            }
        }
        peers[1].send("/room create lab the lab room");
        room = str(peers[1].awaitEvent("room", SECONDS, e -> "lab".equals(str(e, "name"))), "room");
        for (int i = 2; i <= N; i++) {
            peers[1].send("/invite #lab " + fps[i]);
        }
        for (int i = 2; i <= N; i++) {
            JsonObject inv = peers[i].awaitEvent("room-invite", SECONDS, e -> room.equals(str(e, "room")));
            assertEquals(fps[1], str(inv, "from"));
            peers[i].send("/join #lab");
        }
        for (int i = 1; i <= N; i++) {
            String r = room;
            peers[i].awaitSeen(0, "the room of five", SECONDS, e -> roomWith(e, r, N));
        }
    }

    @Test
    @Order(2)
    void fiftyEachThroughA20SecondCutArriveOnceInOrder() throws Exception {
        int[] marks = new int[N + 1];
        for (int i = 1; i <= N; i++) {
            marks[i] = peers[i].mark();
        }
        long cutAt = 0;
        for (int k = 1; k <= MESSAGES; k++) {
            if (k == 10) {
                lab.link(5, false);
                cutAt = System.nanoTime();
            }
            for (int i = 1; i <= N; i++) {
                peers[i].send("/msg #lab h" + i + ":" + k);
            }
            if (k >= 10 && k % 10 == 0) {
                Thread.sleep(1_000); // the scenario: messages keep being typed during the cut
            }
        }
        long left = 20_000 - (System.nanoTime() - cutAt) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left); // the cut lasts 20 s (scenario time, not synchronisation)
        }
        lab.link(5, true);
        for (int at = 1; at <= N; at++) {
            Map<String, List<Integer>> byAuthor = new TreeMap<>();
            int expected = (N - 1) * MESSAGES;
            int from = marks[at];
            for (int got = 0; got < expected; got++) {
                JsonObject e = peers[at].awaitSeen(from, "room message " + (got + 1) + " of " + expected, 120,
                        x -> "room-message".equals(str(x, "event")));
                from = peers[at].all().indexOf(e) + 1;
                String[] p = str(e, "text").split(":");
                byAuthor.computeIfAbsent(p[0], a -> new ArrayList<>()).add(Integer.parseInt(p[1]));
            }
            for (int i = 1; i <= N; i++) {
                if (i != at) {
                    List<Integer> want = new ArrayList<>();
                    for (int k = 1; k <= MESSAGES; k++) {
                        want.add(k);
                    }
                    assertEquals(want, byAuthor.get("h" + i), "at h" + at + ", from h" + i + ": once each, in order");
                }
            }
            assertEquals(N - 1, byAuthor.size());
        }
    }

    @Test
    @Order(3)
    void aMemberKickedWhilePartitionedLearnsItOnHealAndGetsNothingSentAfter() throws Exception {
        int mark4 = peers[4].mark();
        int[] marks = new int[N + 1];
        for (int i = 1; i <= N; i++) {
            marks[i] = peers[i].mark();
        }
        lab.link(4, false);
        peers[1].send("/kick #lab " + fps[4]);
        for (int i : new int[] {1, 2, 3, 5}) {
            String r = room;
            peers[i].awaitSeen(marks[i], "the roster without h4", SECONDS, e -> roomWith(e, r, N - 1));
            peers[i].send("/msg #lab after-kick from h" + i);
        }
        lab.link(4, true);
        JsonObject left = peers[4].awaitSeen(mark4, "room-left", SECONDS, e -> "room-left".equals(str(e, "event")));
        assertEquals("removed", str(left, "reason"));
        // every other member's after-kick message reached the others: by then h4 had its chance too
        for (int i : new int[] {2, 3, 5}) {
            int at = i;
            peers[i].awaitSeen(0, "h1's after-kick message", SECONDS, e -> "room-message".equals(str(e, "event"))
                    && str(e, "text").equals("after-kick from h1") && at > 0);
        }
        assertTrue(peers[4].all().stream().noneMatch(e -> "room-message".equals(str(e, "event"))
                && str(e, "text").startsWith("after-kick")), "h4 got a message sent after the kick");
    }

    @Test
    @Order(4)
    void aRestartedMemberIsOfferedTheRoomAgain() throws Exception {
        peers[3].kill();
        HeadlessPeer p = start(3);
        JsonObject offer = p.awaitEvent("room-invite", SECONDS, e -> room.equals(str(e, "room")));
        assertTrue(offer.get("rejoin").getAsBoolean());
        p.send("/join #lab");
        String r = room;
        p.awaitSeen(0, "the room back", SECONDS, e -> roomWith(e, r, N - 1));
    }

    @Test
    @Order(5)
    void aRestartedOwnerRecoversItsRoster() throws Exception {
        long version = peers[2].all().stream().filter(e -> "room".equals(str(e, "event")) && room.equals(str(e, "room")))
                .mapToLong(e -> e.get("version").getAsLong()).max().orElseThrow();
        peers[1].kill();
        HeadlessPeer p = start(1);
        String r = room;
        JsonObject back = p.awaitSeen(0, "its roster back", SECONDS, e -> roomWith(e, r, N - 1));
        assertEquals(version, back.get("version").getAsLong());
        assertEquals(fps[1], str(back, "owner"));
    }
}
