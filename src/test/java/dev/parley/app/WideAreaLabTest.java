package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.discovery.DnsSdConfig;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.KnotServer;
import dev.parley.lab.Lab;
import dev.parley.lab.RoutedLab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wide-area discovery through unicast DNS-SD across a router, with a real DNS server: Knot (Debian's
 * {@code knot}) on the router of a {@link RoutedLab} serves {@code office.test}, which takes TSIG-signed
 * updates. Alice (subnet 1) and bob (subnet 2) run with mDNS off and only the domain configured (to browse
 * and to register in, with the key); their resolver is the router (resolv.conf). Steps build on each other:
 * both online within one poll interval; an unsigned update refused with a {@code dns-sd} warning and
 * nothing published; a record naming carol's fingerprint at bob's address ends in the spoof warning; a
 * clean exit withdraws alice's records. Skipped, saying why, without root, iproute2 or Knot.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WideAreaLabTest {
    /** One poll interval (the cap: every record here has TTL 120) and room for a handshake on busy cores. */
    static final long POLL_SECONDS = DnsSdConfig.DEFAULT_CAP.toSeconds();
    static final long SLACK_SECONDS = 10;
    static final long START_SECONDS = 60;

    @TempDir
    static Path dir;
    private RoutedLab lab;
    private KnotServer knot;
    private Path key;
    private HeadlessPeer alice;
    private HeadlessPeer bob;
    private String aliceFp;
    private String bobFp;
    private int bobPort;

    @BeforeAll
    void lab() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        String noKnot = KnotServer.unavailableReason();
        assumeTrue(noKnot == null, () -> "skipped: " + noKnot);
        lab = RoutedLab.create(List.of());
        knot = KnotServer.start(lab, dir.resolve("knot"));
        key = dir.resolve("dns-sd.key");
        Files.writeString(key, knot.keyLine() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
    }

    @AfterAll
    void down() throws InterruptedException {
        for (HeadlessPeer p : new HeadlessPeer[] {alice, bob}) {
            if (p != null) {
                p.close();
            }
        }
        if (lab != null) {
            lab.close();
        }
    }

    private HeadlessPeer peer(int host, String nick, String... args) throws IOException {
        Path home = dir.resolve(nick);
        return HeadlessPeer.of(nick, home, lab.start(host, HeadlessPeer.command(nick, home, args), Map.of()));
    }

    private String[] registering(boolean withKey) {
        return withKey
                ? new String[] {"--no-mdns", "--dns-sd-domain", KnotServer.ZONE, "--dns-sd-register", KnotServer.ZONE,
                        "--dns-sd-key", key.toString()}
                : new String[] {"--no-mdns", "--dns-sd-domain", KnotServer.ZONE, "--dns-sd-register", KnotServer.ZONE};
    }

    private static boolean online(JsonObject e, String fp) {
        return "online".equals(str(e, "state")) && fp.equals(str(e, "fingerprint"));
    }

    @Test
    @Order(1)
    void peersOnTwoSubnetsComeOnlineWithinOnePollInterval() throws Exception {
        alice = peer(1, "alice", registering(true));
        bob = peer(2, "bob", registering(true));
        JsonObject aliceReady = alice.awaitEvent("ready", START_SECONDS, e -> true);
        JsonObject bobReady = bob.awaitEvent("ready", START_SECONDS, e -> true);
        long bothReady = System.nanoTime();
        aliceFp = str(aliceReady, "fingerprint");
        bobFp = str(bobReady, "fingerprint");
        bobPort = bobReady.get("port").getAsInt();
        long within = POLL_SECONDS + SLACK_SECONDS;
        alice.awaitSeen(0, "bob online", within, e -> online(e, bobFp));
        bob.awaitSeen(0, "alice online", within, e -> online(e, aliceFp));
        long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - bothReady);
        assertTrue(took <= within, "online after " + took + " s");
        // what they published: each one's instance, SRV and address in the zone
        List<String> instances = knot.query(2, "PTR", "_parley._tcp." + KnotServer.ZONE);
        assertEquals(2, instances.size(), instances.toString());
        assertTrue(knot.query(2, "A", hostName(aliceFp)).contains(lab.address(1)), "alice's A record");
        // nobody on either side ever saw the other through mDNS: it is off, and multicast stops at the router
        assertFalse(alice.all().stream().anyMatch(e -> "warning".equals(str(e, "event"))), alice.all().toString());
    }

    @Test
    @Order(2)
    void anUnsignedUpdateIsRefusedAndShownAsAWarning() throws Exception {
        try (HeadlessPeer dave = peer(1, "dave", registering(false))) {
            JsonObject w = dave.awaitEvent("warning", START_SECONDS, e -> "dns-sd".equals(str(e, "code")));
            String message = str(w, "message");
            assertTrue(message.contains("NOTAUTH") && message.contains(KnotServer.ZONE), message);
            String daveFp = str(dave.all().get(0), "fingerprint");
            assertFalse(String.join(" ", knot.query(2, "PTR", "_parley._tcp." + KnotServer.ZONE)).toLowerCase(Locale.ROOT)
                    .contains("dave"), "dave was published");
            assertTrue(knot.query(2, "A", hostName(daveFp)).isEmpty(), "dave's address was published");
            assertEquals(0, dave.quit());
        }
    }

    @Test
    @Order(3)
    void aRecordNamingAnotherPeersFingerprintRaisesTheSpoofWarning() throws Exception {
        String carolFp = fingerprintOf(dir.resolve("carol"));
        String instance = "mallory._parley._tcp." + KnotServer.ZONE + ".";
        String host = "mallory." + KnotServer.ZONE + ".";
        int mark = alice.mark();
        knot.update(2, List.of(
                "add " + host + " 120 A " + lab.address(2),
                "add " + instance + " 120 SRV 0 0 " + bobPort + " " + host,
                "add " + instance + " 120 TXT \"v=1\" \"nick=carol\" \"fp=" + carolFp + "\" \"nk=0\"",
                "add _parley._tcp." + KnotServer.ZONE + ". 120 PTR " + instance));
        try {
            JsonObject w = alice.awaitSeen(mark, "spoof warning", POLL_SECONDS + SLACK_SECONDS,
                    e -> "warning".equals(str(e, "event")) && "spoof".equals(str(e, "code")));
            assertEquals(carolFp, str(w, "announced_fingerprint"), w.toString());
            assertEquals(bobFp, str(w, "proven_fingerprint"), w.toString());
            // the real bob is still online for alice
            assertTrue(alice.all().stream().skip(mark).noneMatch(e -> bobFp.equals(str(e, "fingerprint"))
                    && "offline".equals(str(e, "state"))), "bob went offline");
        } finally {
            knot.update(2, List.of("del " + instance, "del " + host,
                    "del _parley._tcp." + KnotServer.ZONE + ". 120 PTR " + instance));
        }
    }

    @Test
    @Order(4)
    void aCleanExitRemovesTheRecords() throws Exception {
        assertTrue(String.join(" ", knot.query(2, "PTR", "_parley._tcp." + KnotServer.ZONE)).toLowerCase(Locale.ROOT)
                .contains("alice"), "alice is registered");
        assertEquals(0, alice.quit());
        List<String> left = knot.query(2, "PTR", "_parley._tcp." + KnotServer.ZONE);
        assertFalse(String.join(" ", left).toLowerCase(Locale.ROOT).contains("alice"), left.toString());
        assertTrue(knot.query(2, "A", hostName(aliceFp)).isEmpty(), "alice's address record is left");
        assertTrue(String.join(" ", left).toLowerCase(Locale.ROOT).contains("bob"), "bob's records went too: " + left);
        // and bob, at his next poll, no longer sees alice through discovery
        bob.awaitSeen(0, "alice lost", POLL_SECONDS + SLACK_SECONDS,
                e -> aliceFp.equals(str(e, "fingerprint")) && "lost".equals(str(e, "state")));
    }

    /** {@code parley-ab3de9xq.office.test}: the host name Parley registers for a fingerprint. */
    static String hostName(String fingerprint) {
        String id = fingerprint.substring("SHA256:".length(), "SHA256:".length() + 8).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "x");
        return "parley-" + id + "." + KnotServer.ZONE;
    }

    /** A fresh identity's fingerprint, from {@code parley --home DIR id} (no network). */
    static String fingerprintOf(Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Process p = new ProcessBuilder(Lab.java("dev.parley.app.Main", List.of(), List.of("--home", home.toString(), "id")))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return out;
    }
}
