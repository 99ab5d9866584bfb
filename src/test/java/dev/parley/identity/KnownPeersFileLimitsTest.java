package dev.parley.identity;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 11: a 3 GiB {@code known_peers.json} crashed start-up with OutOfMemoryError, and a FIFO
 * in its place hung it. Both are refused with a message naming the file and what to do.
 */
class KnownPeersFileLimitsTest {
    @TempDir
    Path tmp;

    @Test
    void aHugeFileIsRefusedBeforeItIsRead() throws Exception {
        Path file = tmp.resolve(KnownPeersFile.FILE_NAME);
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(3L << 30); // sparse: 3 GiB that take no disk
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> new KnownPeersFile(tmp).load());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("larger than 16 MiB")
                && e.getMessage().contains("move it away"), e.getMessage());
    }

    @Test
    void aFifoInItsPlaceIsRefusedWithoutHanging() throws Exception {
        Path file = tmp.resolve(KnownPeersFile.FILE_NAME);
        Process p = new ProcessBuilder("mkfifo", "-m", "600", file.toString()).start();
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo is not available");
        CompletableFuture<String> load = CompletableFuture.supplyAsync(() -> {
            try {
                new KnownPeersFile(tmp).load();
                return "loaded";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        String message = load.get(10, TimeUnit.SECONDS); // before: blocked in open(2) for ever
        assertTrue(message.contains("not a regular file"), message);
    }
}
