package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 11: the state folder treated as OpenSSH treats {@code ~/.ssh}. Each case was accepted
 * before: a planted {@code parley.properties} of mode 0666 set the nickname and a peer to dial; a
 * symlinked {@code parley.log} had its target chmod'ed and appended to; a folder of mode 0777 was used; a
 * FIFO in place of a state file hung start-up.
 */
class StateFolderTest {
    @TempDir
    Path temp;

    private Path state() throws IOException {
        Path dir = temp.resolve("state");
        StateDir.create(dir);
        return dir;
    }

    private static void mode(Path p, String mode) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    @Test
    void aSettingsFileOthersCanWriteIsRefused() throws Exception {
        Path dir = state();
        Path props = dir.resolve(SettingsLoader.FILE_NAME);
        Files.writeString(props, "nick = planted\npeers = 10.66.6.6\n");
        mode(props, "rw-rw-rw-");
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(dir, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains(props.toString()) && e.getMessage().contains("writable by group or others")
                && e.getMessage().contains("0666"), e.getMessage());
        mode(props, "rw-r--r--"); // readable by others is fine, as for ~/.ssh/config
        assertEquals("planted", SettingsLoader.load(dir, Map.of(), Map.of()).nick());
    }

    @Test
    void aStateFolderOthersCanWriteIsRefused() throws Exception {
        Path dir = state();
        mode(dir, "rwxrwxrwx");
        IOException e = assertThrows(IOException.class, () -> StateDir.create(dir));
        assertTrue(e.getMessage().contains("writable by group or others") && e.getMessage().contains("0777")
                && e.getMessage().contains("chmod 700"), e.getMessage());
        mode(dir, "rwxr-x---");
        StateDir.create(dir); // group may read, as for ~/.ssh
    }

    @Test
    void aSymlinkedLogIsNeitherChmodedNorWritten() throws Exception {
        Path dir = state();
        Path victim = Files.writeString(temp.resolve("victim.txt"), "someone's file\n");
        mode(victim, "rw-r--r--");
        Files.createSymbolicLink(dir.resolve(Logging.FILE_NAME), victim);
        IOException e = assertThrows(IOException.class, () -> Logging.configure(dir, LogLevel.INFO));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(victim)));
        assertEquals("someone's file\n", Files.readString(victim));
    }

    @Test
    void aFifoInPlaceOfAStateFileIsRefusedWithoutHanging() throws Exception {
        Path dir = state();
        Path props = dir.resolve(SettingsLoader.FILE_NAME);
        Path log = dir.resolve(Logging.FILE_NAME);
        assumeTrue(mkfifo(props) && mkfifo(log), "mkfifo is not available");
        CompletableFuture<String> settings = CompletableFuture.supplyAsync(() -> {
            try {
                SettingsLoader.load(dir, Map.of(), Map.of());
                return "loaded";
            } catch (SettingsException e) {
                return e.getMessage();
            }
        });
        String message = settings.get(10, TimeUnit.SECONDS); // before: blocked in open(2) for ever
        assertTrue(message.contains("not a regular file"), message);
        CompletableFuture<String> logging = CompletableFuture.supplyAsync(() -> {
            try {
                Logging.configure(dir, LogLevel.INFO);
                return "configured";
            } catch (IOException e) {
                return e.getMessage();
            }
        });
        String logMessage = logging.get(10, TimeUnit.SECONDS);
        assertTrue(logMessage.contains("not a regular file"), logMessage);
    }

    static boolean mkfifo(Path p) throws Exception {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS) && proc.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
