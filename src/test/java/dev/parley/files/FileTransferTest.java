package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatException;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.TransferInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two peers in this JVM on loopback, the file engine wired as in the app: whole transfers with their
 * hashes, resume after a cut link, a changed partial file, a full disk up front and midway, chat during a
 * stalled transfer, expiry and the bounds on offers.
 */
class FileTransferTest {
    private static final int SECONDS = 60;
    private static final long MIB = 1L << 20;

    @TempDir
    Path temp;
    private final List<AutoCloseable> open = new java.util.ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private FilePeer peer(String nick, FileEngine.Settings s, Disk disk) throws Exception {
        FilePeer p = new FilePeer(nick, Files.createDirectories(temp.resolve("home-" + nick)), s, disk);
        open.add(p);
        return p;
    }

    private FilePeer peer(String nick) throws Exception {
        return peer(nick, FileEngine.Settings.defaults(null, false), Disk.REAL);
    }

    /** alice dials bob (at {@code port}, his own or a proxy's) and both see the other online. */
    private static void connect(FilePeer alice, FilePeer bob, int port) throws Exception {
        alice.chat.connect("127.0.0.1:" + port);
        alice.awaitOnline(bob.id.fingerprint());
        bob.awaitOnline(alice.id.fingerprint());
    }

    static Path random(Path p, long size, long seed) throws IOException {
        Files.createDirectories(p.getParent());
        Random r = new Random(seed);
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(p)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return p;
    }

    static byte[] sha(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(p), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return md.digest();
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(dir::relativize).sorted().toList();
        }
    }

    @Test
    void filesOfZeroOneAndManyBytesAndANestedFolderArriveWhole() throws Exception {
        FilePeer alice = peer("alice");
        FilePeer bob = peer("bob");
        connect(alice, bob, bob.port());
        Path src = temp.resolve("src");
        Path tree = src.resolve("tree");
        Files.createDirectories(tree.resolve("empty"));
        Files.createDirectories(tree.resolve("a/b/c"));
        Files.write(tree.resolve("zero"), new byte[0]);
        Files.write(tree.resolve("a/one"), new byte[] {42});
        random(tree.resolve("a/b/c/some.bin"), 3 * MIB + 17, 1);
        Path big = random(src.resolve("big.bin"), 100 * MIB, 2);
        Path dest = Files.createDirectories(temp.resolve("dest"));

        TransferInfo folder = alice.files.send(bob.nick, List.of(tree.toString()));
        TransferInfo offered = bob.awaitState(folder.id(), "offered", SECONDS);
        assertTrue(offered.incoming());
        assertEquals(3 * MIB + 17 + 1, offered.total());
        bob.files.accept(String.valueOf(offered.n()), dest.toString());
        TransferInfo done = bob.awaitState(folder.id(), "done", SECONDS);
        assertEquals(dest.resolve("tree").toString(), done.savedTo());
        alice.awaitState(folder.id(), "done", SECONDS);
        assertEquals(listing(tree), listing(dest.resolve("tree")));
        assertTrue(Files.isDirectory(dest.resolve("tree/empty")));
        for (String f : List.of("zero", "a/one", "a/b/c/some.bin")) {
            assertArrayEquals(sha(tree.resolve(f)), sha(dest.resolve("tree").resolve(f)), f);
        }

        TransferInfo large = alice.files.send(bob.nick, List.of(big.toString()));
        bob.awaitState(large.id(), "offered", SECONDS);
        bob.files.accept(large.id(), dest.toString());
        TransferInfo in = bob.awaitState(large.id(), "done", SECONDS);
        TransferInfo out = alice.awaitState(large.id(), "done", SECONDS);
        byte[] expected = sha(big);
        assertArrayEquals(expected, sha(dest.resolve("big.bin")));
        assertEquals(java.util.HexFormat.of().formatHex(expected), in.sha256());
        assertEquals(in.sha256(), out.sha256());
        assertEquals(100 * MIB, in.bytes());
        try (Stream<Path> s = Files.list(dest)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(SafeNames.PART_SUFFIX)), "no partial file left");
        }

        // the same again: a clash is renamed, nothing is overwritten
        TransferInfo again = alice.files.send(bob.nick, List.of(src.resolve("tree/a/one").toString()));
        bob.awaitState(again.id(), "offered", SECONDS);
        Files.write(dest.resolve("one"), new byte[] {1, 2});
        bob.files.accept(again.id(), dest.toString());
        assertEquals(dest.resolve("one (1)").toString(), bob.awaitState(again.id(), "done", SECONDS).savedTo());
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(dest.resolve("one")));
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(dest.resolve("one (1)")));
    }
}
