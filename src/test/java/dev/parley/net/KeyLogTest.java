package dev.parley.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.handshake.HandshakeResult;
import dev.parley.handshake.Payload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key log: created private, one whole line per session, also when sessions log at once. */
class KeyLogTest {
    @Test
    void everySessionGetsOneWholeLineInAPrivateFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.log");
        KeyLog log = KeyLog.fromEnvironment(Map.of(KeyLog.VARIABLE, file.toString()));
        int threads = 4;
        int each = 25;
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t * each;
            writers.add(new Thread(() -> {
                for (int k = first; k < first + each; k++) {
                    log.record(session(k));
                }
            }));
        }
        writers.forEach(Thread::start);
        for (Thread w : writers) {
            w.join(20_000);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(threads * each, lines.size());
        Set<String> hashes = new HashSet<>();
        for (String line : lines) {
            String[] f = line.split(" ");
            assertEquals(5, f.length, line);
            assertEquals("PARLEY_SESSION", f[0]);
            hashes.add(f[2]);
        }
        assertEquals(threads * each, hashes.size(), "a line was lost or mixed with another");
        if (Files.getFileAttributeView(file, java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        assertTrue(Files.size(file) > 0);
    }

    private static HandshakeResult session(int k) {
        byte[] hash = new byte[32];
        hash[0] = (byte) k;
        hash[1] = (byte) (k >> 8);
        return new HandshakeResult(k % 2 == 0, 1, new byte[32], new Payload(0, "peer", new byte[0]), new byte[32],
                new byte[32], hash);
    }
}
