package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume note beside a partial file: named by the peer and the file as offered, and honoured only when
 * it names a regular partial file of its own folder that is no longer than the file offered.
 */
class ResumeNoteTest {
    private static final String PEER = "SHA256:alice";
    @TempDir
    Path temp;
    private Path dir;
    private String note;

    @BeforeEach
    void setUp() throws Exception {
        dir = temp.resolve("dest");
        Files.createDirectories(dir);
        dir = dir.toRealPath();
        note = SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 42);
    }

    private void writeNote(String content) throws Exception {
        Files.write(dir.resolve(note), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theNameTellsPeerAndFileApart() {
        assertEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 42));
        assertNotEquals(note, SafeNames.resumeNoteName("SHA256:mallory", "report.pdf", 1000, 42));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf2", 1000, 42));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1001, 42));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 43));
        assertEquals(SafeNames.RESUME_PREFIX.length() + 32, note.length());
    }

    @Test
    void aWrittenNoteFindsItsPartialFileWithItsLength() throws Exception {
        SafeNames.Placed p = SafeNames.createPart(dir, "report.pdf");
        Files.write(p.part(), new byte[300]);
        Path written = SafeNames.writeResumeNote(note, p);
        SafeNames.Resumable r = SafeNames.findResumable(dir, note, 1000);
        assertNotNull(r);
        assertEquals(p, r.placed());
        assertEquals(300, r.offset());
        assertEquals(written, r.note());
        assertNull(SafeNames.findResumable(dir, note, 299), "a partial file longer than the offered file");
        Files.delete(p.part());
        assertNull(SafeNames.findResumable(dir, note, 1000), "its partial file is gone");
        assertNull(SafeNames.findResumable(dir, SafeNames.resumeNoteName(PEER, "other", 1, 1), 1000), "no note");
    }

    @Test
    void aNoteThatNamesAnythingElseIsIgnored() throws Exception {
        Files.write(dir.resolve(".x.parley-part"), new byte[10]);
        Files.write(temp.resolve(".y.parley-part"), new byte[10]);
        Files.write(dir.resolve("plain.txt"), new byte[10]);
        Files.createSymbolicLink(dir.resolve(".link.parley-part"), temp.resolve(".y.parley-part"));
        for (String bad : new String[] {"../.y.parley-part\nx", "plain.txt\nplain.txt", ".link.parley-part\nlink",
                ".x.parley-part\n../x", ".x.parley-part", ".x.parley-part\nx\nmore", "sub/.x.parley-part\nx",
                ".x.parley-part\n"}) {
            writeNote(bad);
            assertNull(SafeNames.findResumable(dir, note, 1000), bad);
        }
        writeNote(".x.parley-part\nx");
        assertNotNull(SafeNames.findResumable(dir, note, 1000), "the good one, for contrast");
        writeNote(".x.parley-part\n" + "x".repeat(600));
        assertNull(SafeNames.findResumable(dir, note, 1000), "too long to be a note");
        Files.delete(dir.resolve(note));
        Path elsewhere = temp.resolve("note");
        Files.write(elsewhere, ".x.parley-part\nx".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(dir.resolve(note), elsewhere);
        assertNull(SafeNames.findResumable(dir, note, 1000), "a note that is a symlink");
    }
}
