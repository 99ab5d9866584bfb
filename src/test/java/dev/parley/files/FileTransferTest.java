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

    /**
     * The real disk, but writes at or past {@code stallAt} wait for {@link #release} (the receiver then
     * reads no further and TCP holds the sender back), and writes past {@code failAt} fail as a full disk
     * does; {@code free} is what it reports as usable space.
     */
    static final class TestDisk implements Disk {
        final long stallAt;
        final long failAt;
        final long free;
        final CountDownLatch stalled = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        TestDisk(long stallAt, long failAt, long free) {
            this.stallAt = stallAt;
            this.failAt = failAt;
            this.free = free;
        }

        @Override
        public long usableSpace(Path dir) {
            return free;
        }

        @Override
        public Sink open(Path part) throws IOException {
            Sink real = Disk.REAL.open(part);
            return new Sink() {
                @Override
                public void write(byte[] b, int off, int len, long position) throws IOException {
                    if (position + len > failAt) {
                        throw new IOException("No space left on device");
                    }
                    if (position >= stallAt && release.getCount() > 0) {
                        stalled.countDown();
                        try {
                            release.await(SECONDS, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    real.write(b, off, len, position);
                }

                @Override public void truncate(long size) throws IOException { real.truncate(size); }
                @Override public void force() throws IOException { real.force(); }
                @Override public void close() throws IOException { real.close(); }
            };
        }
    }

    private static Path part(Path dir, String name) {
        return dir.resolve(SafeNames.partName(name));
    }

    /** The link is cut mid-file and healed: the session comes back and the file resumes from its offset. */
    @Test
    void aCutLinkResumesFromThePartialFile() throws Exception {
        TestDisk disk = new TestDisk(24 * MIB, Long.MAX_VALUE, Long.MAX_VALUE);
        FilePeer alice = peer("alice");
        FilePeer bob = peer("bob", FileEngine.Settings.defaults(null, false), disk);
        CuttableProxy link = new CuttableProxy(bob.port());
        open.add(link);
        connect(alice, bob, link.port());
        Path file = random(temp.resolve("src/report.bin"), 64 * MIB, 3);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        TransferInfo t = alice.files.send(bob.nick, List.of(file.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), dest.toString());
        assertTrue(disk.stalled.await(SECONDS, TimeUnit.SECONDS), "the receiver reached 24 MiB");

        link.cut();
        disk.release.countDown(); // the chunk in hand is written, then the channel is found gone
        TransferInfo paused = bob.awaitState(t.id(), "paused", SECONDS);
        assertTrue(paused.reason().contains("connection lost"), paused.reason());
        alice.awaitState(t.id(), "paused", SECONDS);
        long kept = Files.size(part(dest, "report.bin"));
        assertTrue(kept >= 24 * MIB, "the partial file is kept: " + kept);
        assertFalse(Files.exists(dest.resolve("report.bin")));

        long before = link.forwarded();
        link.heal(); // alice redials; her offer goes again and bob answers with his offset
        TransferInfo done;
        try {
            done = bob.awaitState(t.id(), "done", SECONDS);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; alice " + alice.history, e);
        }
        alice.awaitState(t.id(), "done", SECONDS);
        assertArrayEquals(sha(file), sha(dest.resolve("report.bin")));
        assertEquals(java.util.HexFormat.of().formatHex(sha(file)), done.sha256());
        long resent = link.forwarded() - before;
        assertTrue(resent < 64 * MIB - 16 * MIB, "only the rest was sent again: " + resent + " bytes");
        assertFalse(Files.exists(part(dest, "report.bin")));
    }

    /** A partial file changed on disk while the link was down fails the end-to-end hash and is removed. */
    @Test
    void aCorruptedPartialFileIsDetectedAndRemoved() throws Exception {
        TestDisk disk = new TestDisk(8 * MIB, Long.MAX_VALUE, Long.MAX_VALUE);
        FilePeer alice = peer("alice");
        FilePeer bob = peer("bob", FileEngine.Settings.defaults(null, false), disk);
        CuttableProxy link = new CuttableProxy(bob.port());
        open.add(link);
        connect(alice, bob, link.port());
        Path file = random(temp.resolve("src/q3.pdf"), 20 * MIB, 4);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        TransferInfo t = alice.files.send(bob.nick, List.of(file.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), dest.toString());
        assertTrue(disk.stalled.await(SECONDS, TimeUnit.SECONDS));
        link.cut();
        disk.release.countDown();
        bob.awaitState(t.id(), "paused", SECONDS);
        try (java.nio.channels.FileChannel fc = java.nio.channels.FileChannel.open(part(dest, "q3.pdf"),
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            fc.read(one, 1000);
            one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
            fc.write(one, 1000);
        }
        link.heal();
        TransferInfo failed = bob.awaitState(t.id(), "failed", SECONDS);
        assertTrue(failed.reason().contains("hash-mismatch"), failed.reason());
        TransferInfo theirs = alice.awaitState(t.id(), "failed", SECONDS);
        assertTrue(theirs.reason().contains("hash-mismatch"), theirs.reason());
        awaitGone(part(dest, "q3.pdf"));
        assertFalse(Files.exists(dest.resolve("q3.pdf")));
    }

    private static void awaitGone(Path p) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (Files.exists(p)) { // removed on a worker thread after the event
            assertTrue(System.nanoTime() < end, p + " is still there");
            Thread.sleep(20); // polling the file system with a deadline
        }
    }

    @Test
    void aFullDestinationIsRefusedUpFrontAndAFullDiskMidwayFailsCleanly() throws Exception {
        TestDisk tiny = new TestDisk(Long.MAX_VALUE, 2 * MIB, 10 * MIB);
        FilePeer alice = peer("alice");
        FilePeer bob = peer("bob", FileEngine.Settings.defaults(null, false), tiny);
        connect(alice, bob, bob.port());
        Path dest = Files.createDirectories(temp.resolve("dest"));
        Path big = random(temp.resolve("src/big.bin"), 11 * MIB, 5);
        TransferInfo t = alice.files.send(bob.nick, List.of(big.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        ChatException e = assertThrows(ChatException.class, () -> bob.files.accept(t.id(), dest.toString()));
        assertEquals("no-space", e.code());
        assertEquals(List.of(Path.of("")), listing(dest), "nothing written");
        assertEquals("offered", bob.files.list().get(0).state(), "the offer stands: another DIR may do");
        bob.files.decline(t.id());
        assertEquals("declined", alice.awaitState(t.id(), "declined", SECONDS).reason());

        Path mid = random(temp.resolve("src/mid.bin"), 5 * MIB, 6); // fits the free space, not the disk
        TransferInfo m = alice.files.send(bob.nick, List.of(mid.toString()));
        bob.awaitState(m.id(), "offered", SECONDS);
        bob.files.accept(m.id(), dest.toString());
        TransferInfo failed = bob.awaitState(m.id(), "failed", SECONDS);
        assertTrue(failed.reason().contains("No space left on device"), failed.reason());
        assertEquals("write-error", alice.awaitState(m.id(), "failed", SECONDS).reason());
        awaitGone(part(dest, "mid.bin"));
        assertFalse(Files.exists(dest.resolve("mid.bin")));
    }

    /** With the bulk channel stalled by the receiver's disk, chat goes on both ways, as fast as idle. */
    @Test
    void chatKeepsWorkingDuringATransfer() throws Exception {
        TestDisk disk = new TestDisk(4 * MIB, Long.MAX_VALUE, Long.MAX_VALUE);
        FilePeer alice = peer("alice");
        FilePeer bob = peer("bob", FileEngine.Settings.defaults(null, false), disk);
        connect(alice, bob, bob.port());
        Path file = random(temp.resolve("src/f.bin"), 32 * MIB, 7);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        TransferInfo t = alice.files.send(bob.nick, List.of(file.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), dest.toString());
        assertTrue(disk.stalled.await(SECONDS, TimeUnit.SECONDS));
        for (int i = 0; i < 20; i++) {
            alice.chat.send(bob.id.fingerprint(), "to bob " + i);
            bob.chat.send(alice.id.fingerprint(), "to alice " + i);
        }
        for (int i = 0; i < 20; i++) {
            ChatMessage a = bob.messages.poll(SECONDS, TimeUnit.SECONDS);
            ChatMessage b = alice.messages.poll(SECONDS, TimeUnit.SECONDS);
            assertEquals("to bob " + i, a == null ? null : a.text());
            assertEquals("to alice " + i, b == null ? null : b.text());
        }
        assertEquals("active", bob.files.list().get(0).state(), "the transfer is still under way");
        disk.release.countDown();
        bob.awaitState(t.id(), "done", SECONDS);
        assertArrayEquals(sha(file), sha(dest.resolve("f.bin")));
    }

    @Test
    void offersExpireAndAreBounded() throws Exception {
        FileEngine.Settings quick = FileEngine.Settings.defaults(null, false).withExpiry(Duration.ofMillis(300));
        FilePeer alice = peer("alice", quick, Disk.REAL);
        FileEngine.Settings few = new FileEngine.Settings(null, false, Duration.ofMinutes(10), 2, 64, 2, 16, null);
        FilePeer bob = peer("bob", few, Disk.REAL);
        connect(alice, bob, bob.port());
        Path f = random(temp.resolve("src/x"), 10, 8);
        TransferInfo t = alice.files.send(bob.nick, List.of(f.toString()));
        assertEquals("expired", alice.awaitState(t.id(), "expired", SECONDS).state());
        bob.awaitState(t.id(), "expired", SECONDS);

        FilePeer carol = peer("carol", FileEngine.Settings.defaults(null, false), Disk.REAL);
        connect(carol, bob, bob.port());
        carol.files.send(bob.nick, List.of(f.toString()));
        carol.files.send(bob.nick, List.of(f.toString()));
        TransferInfo third = carol.files.send(bob.nick, List.of(f.toString()));
        assertEquals("busy", carol.awaitState(third.id(), "declined", SECONDS).reason());
        assertEquals(2, bob.files.list().stream().filter(x -> x.state().equals("offered")).count());
        FilePeer dave = peer("dave");
        connect(carol, dave, dave.port());
        for (int i = 0; i < 8; i++) {
            carol.files.send(dave.nick, List.of(f.toString()));
        }
        ChatException e = assertThrows(ChatException.class, () -> carol.files.send(dave.nick, List.of(f.toString())));
        assertEquals("busy", e.code(), "at most 8 offers wait for one peer's answer");
        for (int i = 0; i < 8; i++) {
            dave.await(x -> x.state().equals("offered"), SECONDS);
        }
        assertNull(bob.files.list().get(0).savedTo());
    }
}
