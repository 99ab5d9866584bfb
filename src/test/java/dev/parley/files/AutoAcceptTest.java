package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.PeerInfo;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Trust;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code auto_accept = verified}: an offer from a peer whose safety number the user confirmed is accepted
 * into {@code downloads} without asking; one from a new peer, a known (seen in an earlier run, not
 * verified) peer, or a peer whose key changed is not. The receivers of the refused cases have a short
 * offer expiry: an offer nobody accepts ends "expired", never "accepted".
 */
class AutoAcceptTest {
    private static final int SECONDS = 60;

    @TempDir
    Path temp;
    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private FilePeer peer(String nick, String home, FileEngine.Settings s, dev.parley.identity.Identity id)
            throws Exception {
        FilePeer p = new FilePeer(nick, Files.createDirectories(temp.resolve("home-" + home)), s, Disk.REAL, id);
        open.add(p);
        return p;
    }

    private static void connect(FilePeer from, FilePeer to) throws Exception {
        from.chat.connect("127.0.0.1:" + to.port());
        from.awaitOnline(to.id.fingerprint());
        to.awaitOnline(from.id.fingerprint());
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static Trust trustOf(FilePeer at, FilePeer of) {
        return at.chat.peer(of.id.fingerprint()).map(PeerInfo::trust).orElseThrow();
    }

    /** {@code to} gets {@code from}'s offer and does not accept it by itself: it expires unanswered. */
    private static void notAutoAccepted(FilePeer from, FilePeer to, Path file, Path downloads) throws Exception {
        TransferInfo t = from.files.send(to.nick, List.of(file.toString()));
        TransferInfo offered = to.awaitState(t.id(), "offered", SECONDS);
        assertEquals("offered", offered.state());
        to.awaitState(t.id(), "expired", SECONDS);
        from.awaitState(t.id(), "expired", SECONDS);
        assertFalse(to.history.stream().anyMatch(h -> h.startsWith("accepted") || h.startsWith("active")),
                "never accepted: " + to.history);
        assertEquals(List.of(), listing(downloads), "nothing written");
    }

    @Test
    void onlyVerifiedPeersAreAcceptedWithoutAsking() throws Exception {
        Path src = Files.createDirectories(temp.resolve("src"));
        Path file = FileTransferTest.random(src.resolve("notes.bin"), 300_000, 11);
        FilePeer alice = peer("alice", "alice", FileEngine.Settings.defaults(null, false), null);

        // verified: accepted into downloads, no question asked
        Path carolDownloads = Files.createDirectories(temp.resolve("carol-downloads"));
        FilePeer carol = peer("carol", "carol", FileEngine.Settings.defaults(carolDownloads, true), null);
        connect(alice, carol);
        carol.chat.safetyNumber(alice.id.fingerprint()); // what /verify shows, compared
        carol.chat.markVerified(alice.id.fingerprint());
        assertEquals(Trust.VERIFIED, trustOf(carol, alice));
        TransferInfo sent = alice.files.send(carol.nick, List.of(file.toString()));
        TransferInfo done = carol.awaitState(sent.id(), "done", SECONDS);
        alice.awaitState(sent.id(), "done", SECONDS);
        assertEquals(carolDownloads.resolve("notes.bin").toString(), done.savedTo());
        assertArrayEquals(FileTransferTest.sha(file), FileTransferTest.sha(carolDownloads.resolve("notes.bin")));

        // new (first seen this run): asked, not accepted
        FileEngine.Settings quick = FileEngine.Settings.defaults(null, true).withExpiry(Duration.ofSeconds(1));
        Path bobDownloads = Files.createDirectories(temp.resolve("bob-downloads"));
        FileEngine.Settings bobSettings = new FileEngine.Settings(bobDownloads, true, quick.offerExpiry(),
                quick.maxOffersPerPeer(), quick.maxOffers(), quick.maxRunningPerPeer(), quick.maxRunning(), null);
        dev.parley.identity.Identity bobId = dev.parley.identity.Identity.generate(new java.security.SecureRandom());
        FilePeer bob = peer("bob", "bob", bobSettings, bobId);
        connect(alice, bob);
        assertEquals(Trust.NEW, trustOf(bob, alice));
        notAutoAccepted(alice, bob, file, bobDownloads);

        // known (seen in an earlier run, trusted on first use, never verified): asked, not accepted
        bob.chat.send(alice.id.fingerprint(), "hello"); // a stranger is remembered once the user dealt with it
        bob.chat.flushSaves();
        bob.close();
        FilePeer bobAgain = peer("bob", "bob", bobSettings, bobId);
        connect(alice, bobAgain);
        assertEquals(Trust.KNOWN, trustOf(bobAgain, alice));
        notAutoAccepted(alice, bobAgain, file, bobDownloads);

        // a changed key (another key claiming the known nickname alice): its offer is declined outright
        FilePeer mallory = peer("alice", "mallory", FileEngine.Settings.defaults(null, false), null);
        connect(mallory, bobAgain);
        assertEquals(Trust.CHANGED, trustOf(bobAgain, mallory));
        TransferInfo fake = mallory.files.send(bobAgain.nick, List.of(file.toString()));
        assertEquals("declined", mallory.awaitState(fake.id(), "declined", SECONDS).reason());
        assertTrue(bobAgain.files.list().stream().noneMatch(t -> t.id().equals(fake.id())),
                "no offer from a changed key reaches the user: " + bobAgain.files.list());
        assertEquals(List.of(), listing(bobDownloads));
    }
}
