package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.TransferInfo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer cannot forge a resume note with a file it sends: it knows what the note of its own next offer
 * would be called (the name is a hash of what it offers), so it sends a file of that name whose content
 * points at another peer's partial file in downloads. Its next offer must start afresh, and the other
 * peer's partial file must stay as it was.
 */
class ForgedResumeNoteTest {
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

    private FilePeer peer(String nick, Path downloads) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home-" + nick));
        FilePeer p = new FilePeer(nick, home, FileEngine.Settings.defaults(downloads, false).withState(home), Disk.REAL);
        open.add(p);
        return p;
    }

    /** The note name the resume notes had when they lay in downloads: what a peer can compute for its offer. */
    private static String downloadsNoteName(String peer, String wirePath, long size, long mtime) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update("parley resume v1\0".getBytes(StandardCharsets.UTF_8));
        md.update(peer.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(wirePath.getBytes(StandardCharsets.UTF_8));
        md.update(ByteBuffer.allocate(16).putLong(size).putLong(mtime).array());
        return ".parley-resume-" + HexFormat.of().formatHex(md.digest(), 0, 16);
    }

    @Test
    void aNoteSentAsAFileDoesNotResumeAnotherPeersPartialFile() throws Exception {
        Path dest = Files.createDirectories(temp.resolve("dest")).toRealPath();
        // carol's partial file from an earlier run
        Path victim = dest.resolve(SafeNames.partName("victim.bin"));
        FileTransferTest.random(victim, 100_000, 7);
        byte[] victimSha = FileTransferTest.sha(victim);

        FilePeer mallory = peer("mallory", null);
        FilePeer bob = peer("bob", dest);
        mallory.chat.connect("127.0.0.1:" + bob.port());
        mallory.awaitOnline(bob.id.fingerprint());
        bob.awaitOnline(mallory.id.fingerprint());

        Path next = FileTransferTest.random(temp.resolve("m/report.bin"), 200_000, 8);
        long mtime = Files.getLastModifiedTime(next).toMillis();
        Path forged = temp.resolve("forge").resolve(downloadsNoteName(mallory.id.fingerprint(), "report.bin",
                200_000, mtime));
        Files.createDirectories(forged.getParent());
        Files.writeString(forged, victim.getFileName() + "\nanything.txt");
        TransferInfo f = mallory.files.send(bob.nick, List.of(forged.toString()));
        bob.awaitState(f.id(), "offered", SECONDS);
        bob.files.accept(f.id(), null);
        TransferInfo got = bob.awaitState(f.id(), "done", SECONDS);
        assertEquals(dest.resolve("_" + forged.getFileName()).toString(), got.savedTo(),
                "a received name that is one of ours is renamed");

        TransferInfo t = mallory.files.send(bob.nick, List.of(next.toString()));
        bob.awaitState(t.id(), "offered", SECONDS);
        bob.files.accept(t.id(), null);
        assertNull(bob.awaitState(t.id(), "accepted", SECONDS).reason(), "from the start, not resuming");
        bob.awaitState(t.id(), "done", SECONDS);
        assertArrayEquals(FileTransferTest.sha(next), FileTransferTest.sha(dest.resolve("report.bin")));
        assertTrue(Files.exists(victim), "carol's partial file stays");
        assertArrayEquals(victimSha, FileTransferTest.sha(victim), "untouched");
    }
}
