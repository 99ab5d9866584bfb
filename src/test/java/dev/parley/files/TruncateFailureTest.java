package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.TransferInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A partial file that opens but cannot be truncated fails the transfer and is not left open. */
class TruncateFailureTest {
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

    /** The real disk, but truncating fails; counts the sinks open. */
    private static final class NoTruncate implements Disk {
        final AtomicInteger opened = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public long usableSpace(Path dir) throws IOException {
            return Disk.REAL.usableSpace(dir);
        }

        @Override
        public Sink open(Path part) throws IOException {
            Sink real = Disk.REAL.open(part);
            opened.incrementAndGet();
            return new Sink() {
                @Override public void write(byte[] b, int off, int len, long position) throws IOException {
                    real.write(b, off, len, position);
                }
                @Override public void truncate(long size) throws IOException {
                    throw new IOException("truncate refused");
                }
                @Override public void force() throws IOException {
                    real.force();
                }
                @Override public void close() throws IOException {
                    closed.incrementAndGet();
                    real.close();
                }
            };
        }
    }

    private FilePeer peer(String nick, Disk disk) throws Exception {
        FilePeer p = new FilePeer(nick, Files.createDirectories(temp.resolve("home-" + nick)),
                FileEngine.Settings.defaults(null, false), disk);
        open.add(p);
        return p;
    }

    @Test
    void aFailedTruncateClosesThePartialFile() throws Exception {
        NoTruncate disk = new NoTruncate();
        FilePeer alice = peer("alice", Disk.REAL);
        FilePeer bob = peer("bob", disk);
        alice.chat.connect("127.0.0.1:" + bob.port());
        alice.awaitOnline(bob.id.fingerprint());
        bob.awaitOnline(alice.id.fingerprint());
        Path file = FileTransferTest.random(temp.resolve("src/a.bin"), 50_000, 3);
        Path dest = Files.createDirectories(temp.resolve("dest"));
        TransferInfo t = alice.files.send(bob.nick, List.of(file.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), dest.toString());
        bob.awaitState(t.id(), "failed", SECONDS);
        assertTrue(disk.opened.get() >= 1, "the partial file was opened");
        assertEquals(disk.opened.get(), disk.closed.get(), "and closed again");
    }
}
