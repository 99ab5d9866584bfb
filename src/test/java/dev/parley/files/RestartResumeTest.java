package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.TransferInfo;
import dev.parley.identity.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resume after a restart: the receiving Parley stops mid-file (its hidden partial file stays), starts
 * again with the same identity, and the same file offered again by the same peer (the same transfer
 * again, or a new /send of it) resumes from the partial file's offset instead of from the start; the
 * resumed file's hash is right, and nothing of the resume is left behind. The same name from another
 * peer starts afresh beside it.
 */
class RestartResumeTest {
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

    private FilePeer peer(String nick, Identity id, Disk disk) throws Exception {
        return peer(nick, id, disk, null);
    }

    private FilePeer peer(String nick, Identity id, Disk disk, Path downloads) throws Exception {
        return peer(nick, id, disk, downloads, java.time.Clock.systemUTC());
    }

    private FilePeer peer(String nick, Identity id, Disk disk, Path downloads, java.time.Clock clock) throws Exception {
        FilePeer p = new FilePeer(nick, Files.createDirectories(temp.resolve("home-" + nick)),
                FileEngine.Settings.defaults(downloads, false).withState(temp.resolve("home-" + nick)), disk, id, clock);
        open.add(p);
        return p;
    }

    private static void connect(FilePeer from, FilePeer to, int port) throws Exception {
        from.chat.connect("127.0.0.1:" + port);
        from.awaitOnline(to.id.fingerprint());
        to.awaitOnline(from.id.fingerprint());
    }

    private static List<String> hidden(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    /** bob's resume notes (in his state folder). */
    private List<String> notes() throws Exception {
        Path dir = temp.resolve("home-bob/resume");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** bob receives {@code file} from alice into {@code dest} until his disk stalls at 24 MiB, then stops. */
    private long receiveAPartAndStop(FilePeer alice, Identity bobId, Path file, Path dest) throws Exception {
        FileTransferTest.TestDisk disk = new FileTransferTest.TestDisk(24 * MIB, Long.MAX_VALUE, Long.MAX_VALUE);
        FilePeer bob = peer("bob", bobId, disk);
        connect(alice, bob, bob.port());
        TransferInfo t = alice.files.send(bob.nick, List.of(file.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), dest.toString());
        assertTrue(disk.stalled.await(SECONDS, TimeUnit.SECONDS), "bob reached 24 MiB");
        bob.close(); // a restart: the process ends with the partial file on disk
        open.remove(bob);
        disk.release.countDown();
        alice.awaitState(t.id(), "paused", SECONDS);
        long kept = Files.size(dest.resolve(SafeNames.partName("report.bin")));
        assertTrue(kept >= 24 * MIB && kept < 32 * MIB, "the partial file stays: " + kept);
        assertEquals(1, hidden(dest).size(), "the partial file: " + hidden(dest));
        assertEquals(1, notes().size(), "its resume note, in bob's state folder, not in downloads: " + notes());
        return kept;
    }

    @Test
    void aRestartedReceiverResumesTheSameTransferOfferedAgainFromItsPartialFile() throws Exception {
        FilePeer alice = peer("alice", null, Disk.REAL);
        Identity bobId = Identity.generate(new SecureRandom());
        Path file = FileTransferTest.random(temp.resolve("src/report.bin"), 64 * MIB, 21);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        long kept = receiveAPartAndStop(alice, bobId, file, dest);

        // the same bob, started again, dest his downloads; his file engine's clock runs a second a look, so
        // that each step of re-reading the partial file shows
        FilePeer bob = peer("bob", bobId, Disk.REAL, dest, new FastClock());
        CuttableProxy link = new CuttableProxy(bob.port()); // counts what alice sends him now
        open.add(link);
        connect(alice, bob, link.port()); // alice offers her interrupted transfer again on the new session
        TransferInfo offered = bob.await(x -> x.state().equals("offered") && x.reason() != null, SECONDS);
        assertEquals("resume: " + Units.bytes(kept) + " of " + Units.bytes(64 * MIB) + " already in downloads",
                offered.reason(), "the offer says so before the user answers");
        bob.files.accept(String.valueOf(offered.n()), null);
        TransferInfo accepted = bob.awaitState(offered.id(), "accepted", SECONDS);
        assertEquals("resuming: " + Units.bytes(kept) + " of " + Units.bytes(64 * MIB) + " already here",
                accepted.reason());
        TransferInfo done = bob.awaitState(offered.id(), "done", SECONDS);
        alice.awaitState(offered.id(), "done", SECONDS);
        assertTrue(bob.history.stream().anyMatch(h -> h.startsWith("verifying(" + kept + ", checking what arrived"
                + " before: ") && h.endsWith(" %)")), "the re-reading shows its progress: " + bob.history);
        assertArrayEquals(FileTransferTest.sha(file), FileTransferTest.sha(dest.resolve("report.bin")));
        assertEquals(java.util.HexFormat.of().formatHex(FileTransferTest.sha(file)), done.sha256());
        assertTrue(link.forwarded() < 64 * MIB - 16 * MIB, "only the rest was sent: " + link.forwarded() + " bytes");
        assertEquals(List.of(), hidden(dest), "no partial file left");
        assertEquals(List.of(), notes(), "no resume note left");
    }

    @Test
    void aNewSendOfTheSameFileAfterBothRestartedResumesToo() throws Exception {
        Identity aliceId = Identity.generate(new SecureRandom());
        FilePeer alice = peer("alice", aliceId, Disk.REAL);
        Identity bobId = Identity.generate(new SecureRandom());
        Path file = FileTransferTest.random(temp.resolve("src/report.bin"), 64 * MIB, 22);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        long kept = receiveAPartAndStop(alice, bobId, file, dest);
        alice.close();
        open.remove(alice);

        FilePeer alice2 = peer("alice", aliceId, Disk.REAL);
        FilePeer bob = peer("bob", bobId, Disk.REAL);
        // carol's file of the same name and size is another file: it must not continue alice's
        FilePeer carol = peer("carol", null, Disk.REAL);
        Path carols = FileTransferTest.random(temp.resolve("carol/report.bin"), 64 * MIB, 23);
        connect(carol, bob, bob.port());
        TransferInfo c = carol.files.send(bob.nick, List.of(carols.toString()));
        bob.awaitState(c.id(), "offered", SECONDS);
        bob.files.accept(c.id(), dest.toString());
        assertNull(bob.awaitState(c.id(), "accepted", SECONDS).reason(), "from the start");
        bob.awaitState(c.id(), "done", SECONDS);
        assertArrayEquals(FileTransferTest.sha(carols), FileTransferTest.sha(dest.resolve("report (1).bin")));

        CuttableProxy link = new CuttableProxy(bob.port());
        open.add(link);
        connect(alice2, bob, link.port());
        TransferInfo again = alice2.files.send(bob.nick, List.of(file.toString())); // a new transfer, a new id
        bob.awaitState(again.id(), "offered", SECONDS);
        bob.files.accept(again.id(), dest.toString());
        assertTrue(bob.awaitState(again.id(), "accepted", SECONDS).reason().startsWith("resuming: " + Units.bytes(kept)));
        TransferInfo done = bob.awaitState(again.id(), "done", SECONDS);
        assertEquals(dest.resolve("report.bin").toString(), done.savedTo());
        assertArrayEquals(FileTransferTest.sha(file), FileTransferTest.sha(dest.resolve("report.bin")));
        assertTrue(link.forwarded() < 64 * MIB - 16 * MIB, "only the rest was sent: " + link.forwarded() + " bytes");
        assertEquals(List.of(), hidden(dest));
        assertEquals(List.of(), notes());
        assertFalse(Files.exists(dest.resolve("report (2).bin")));
    }

    /**
     * The rate shown after a resume counts only the bytes that arrive, not the prefix re-read first nor the
     * time that took. bob's engine runs on a clock that moves only when the test says: a second for each
     * chunk his disk writes, and a minute for alice's re-read of her file up to the resume point (once bob
     * has checked his partial file and is active). With the rate's window opened at bob's "active", the first
     * rate was a chunk per 61 s; it is a chunk a second.
     */
    @Test
    void theRateAfterAResumeCountsOnlyWhatArrives() throws Exception {
        FilePeer alice = peer("alice", null, Disk.REAL);
        Identity bobId = Identity.generate(new SecureRandom());
        Path file = FileTransferTest.random(temp.resolve("src/report.bin"), 64 * MIB, 24);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        receiveAPartAndStop(alice, bobId, file, dest);

        java.util.concurrent.atomic.AtomicLong millis = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        java.time.Clock manual = new java.time.Clock() {
            @Override public java.time.ZoneId getZone() { return java.time.ZoneOffset.UTC; }
            @Override public java.time.Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public long millis() { return millis.get(); }
            @Override public java.time.Instant instant() { return java.time.Instant.ofEpochMilli(millis()); }
        };
        Disk secondAChunk = new Disk() {
            @Override public long usableSpace(Path dir) throws java.io.IOException { return Disk.REAL.usableSpace(dir); }

            @Override
            public Sink open(Path part) throws java.io.IOException {
                Sink real = Disk.REAL.open(part);
                return new Sink() {
                    @Override
                    public void write(byte[] b, int off, int len, long position) throws java.io.IOException {
                        real.write(b, off, len, position);
                        millis.addAndGet(1000);
                    }

                    @Override public void truncate(long size) throws java.io.IOException { real.truncate(size); }
                    @Override public void force() throws java.io.IOException { real.force(); }
                    @Override public void close() throws java.io.IOException { real.close(); }
                };
            }
        };
        FilePeer bob = peer("bob", bobId, secondAChunk, dest, manual);
        java.util.concurrent.CountDownLatch bobChecked = new java.util.concurrent.CountDownLatch(1);
        List<Long> rates = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean verified = new java.util.concurrent.atomic.AtomicBoolean();
        bob.files.addListener(t -> {
            if (t.state().equals("verifying")) {
                verified.set(true);
            } else if (t.state().equals("active") && verified.get()) {
                bobChecked.countDown();
                if (t.rate() > 0) {
                    rates.add(t.rate());
                }
            }
        });
        java.util.concurrent.atomic.AtomicBoolean reRead = new java.util.concurrent.atomic.AtomicBoolean();
        alice.files.addListener(t -> {
            // alice's loop starts (and re-reads her file up to the resume point) once bob is active: a minute
            if (t.state().equals("active") && !reRead.getAndSet(true)) {
                try {
                    assertTrue(bobChecked.await(SECONDS, TimeUnit.SECONDS), "bob checked his partial file");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                millis.addAndGet(60_000);
            }
        });
        connect(alice, bob, bob.port());
        TransferInfo offered = bob.await(x -> x.state().equals("offered") && x.reason() != null, SECONDS);
        bob.files.accept(String.valueOf(offered.n()), null);
        bob.awaitState(offered.id(), "done", SECONDS);
        assertTrue(reRead.get() && bobChecked.getCount() == 0, "the resume went through its re-read: " + bob.history);
        assertFalse(rates.isEmpty(), "rates shown: " + bob.history);
        long chunkASecond = dev.parley.wire.FileRecords.CHUNK;
        assertEquals(chunkASecond, rates.get(0), "the first rate after the resume: " + rates.subList(0, Math.min(5, rates.size())));
        assertTrue(rates.stream().allMatch(r -> r <= chunkASecond), "never more than arrived");
        assertArrayEquals(FileTransferTest.sha(file), FileTransferTest.sha(dest.resolve("report.bin")));
    }

    /** A clock that moves on a second each time it is read (and with the real time besides). */
    static final class FastClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong looks = new java.util.concurrent.atomic.AtomicLong();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public long millis() {
            return System.currentTimeMillis() + 1000 * looks.incrementAndGet();
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis());
        }
    }
}
