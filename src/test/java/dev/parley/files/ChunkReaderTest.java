package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sender's read-ahead: every chunk in order from the offset, the whole file's hash, a shorter file told. */
class ChunkReaderTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void chunksComeInOrderFromTheOffsetAndTheHashIsTheWholeFiles() throws Exception {
        byte[] data = new byte[100_000];
        new Random(5).nextBytes(data);
        Path f = Files.write(dir.resolve("f"), data);
        int offset = 12_345;
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(data, 0, offset); // what a resume re-hashes before
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try (FileChannel fc = FileChannel.open(f, StandardOpenOption.READ);
             ChunkReader r = new ChunkReader(fc, md, offset, data.length, 4096, threads)) {
            long at = offset;
            while (at < data.length) {
                ChunkReader.Chunk c = r.next();
                assertEquals(at, c.at());
                got.write(c.bytes(), 0, c.length());
                at += c.length();
                r.recycle(c);
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(data), r.digest());
        }
        assertArrayEquals(Arrays.copyOfRange(data, offset, data.length), got.toByteArray());
    }

    @Test
    void aFileShorterThanOfferedEndsInShorter() throws Exception {
        Path f = Files.write(dir.resolve("f"), new byte[10_000]);
        try (FileChannel fc = FileChannel.open(f, StandardOpenOption.READ);
             ChunkReader r = new ChunkReader(fc, MessageDigest.getInstance("SHA-256"), 0, 20_000, 4096, threads)) {
            assertThrows(ChunkReader.Shorter.class, () -> {
                for (int i = 0; i < 5; i++) {
                    r.recycle(r.next());
                }
            });
        }
    }
}
