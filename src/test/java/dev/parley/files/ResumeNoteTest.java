package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resume note of a partial file, kept in the state folder: named by the peer, the file as offered and the
 * destination, and honoured only when it names a regular partial file of its own folder that is no longer
 * than the file offered; one transfer's note is neither replaced nor removed by another's.
 */
class ResumeNoteTest {
    private static final String PEER = "SHA256:alice";
    @TempDir
    Path temp;
    private Path dir;
    private Path notes;
    private String note;

    @BeforeEach
    void setUp() throws Exception {
        dir = temp.resolve("dest");
        Files.createDirectories(dir);
        dir = dir.toRealPath();
        notes = temp.resolve("state/resume");
        Files.createDirectories(notes);
        note = SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 42, dir);
    }

    private void writeNote(String content) throws Exception {
        Files.write(notes.resolve(note), content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theNameTellsPeerAndFileApart() {
        assertEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 42, dir));
        assertNotEquals(note, SafeNames.resumeNoteName("SHA256:mallory", "report.pdf", 1000, 42, dir));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf2", 1000, 42, dir));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1001, 42, dir));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 43, dir));
        assertNotEquals(note, SafeNames.resumeNoteName(PEER, "report.pdf", 1000, 42, temp));
        assertEquals("resume-".length() + 32, note.length());
    }

    @Test
    void aWrittenNoteFindsItsPartialFileWithItsLength() throws Exception {
        SafeNames.Placed p = SafeNames.createPart(dir, "report.pdf");
        Files.write(p.part(), new byte[300]);
        Path written = SafeNames.writeResumeNote(notes, note, p);
        SafeNames.Resumable r = SafeNames.findResumable(notes, note, dir, 1000);
        assertNotNull(r);
        assertEquals(p, r.placed());
        assertEquals(300, r.offset());
        assertEquals(written, r.note());
        assertNull(SafeNames.findResumable(notes, note, dir, 299), "a partial file longer than the offered file");
        Files.delete(p.part());
        assertNull(SafeNames.findResumable(notes, note, dir, 1000), "its partial file is gone");
        assertNull(SafeNames.findResumable(notes, SafeNames.resumeNoteName(PEER, "other", 1, 1, dir), dir, 1000), "no note");
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
            assertNull(SafeNames.findResumable(notes, note, dir, 1000), bad);
        }
        writeNote(".x.parley-part\nx");
        assertNotNull(SafeNames.findResumable(notes, note, dir, 1000), "the good one, for contrast");
        writeNote(".x.parley-part\n" + "x".repeat(600));
        assertNull(SafeNames.findResumable(notes, note, dir, 1000), "too long to be a note");
        Files.delete(notes.resolve(note));
        Path elsewhere = temp.resolve("note");
        Files.write(elsewhere, ".x.parley-part\nx".getBytes(StandardCharsets.UTF_8));
        Files.createSymbolicLink(notes.resolve(note), elsewhere);
        assertNull(SafeNames.findResumable(notes, note, dir, 1000), "a note that is a symlink");
    }

    @Test
    void aNoteInTheDestinationIsNotRead() throws Exception {
        Files.write(dir.resolve(".x.parley-part"), new byte[10]);
        Files.write(dir.resolve(note), ".x.parley-part\nx".getBytes(StandardCharsets.UTF_8)); // as a peer could send
        assertNull(SafeNames.findResumable(notes, note, dir, 1000), "notes are read from the state folder only");
    }

    @Test
    void aSecondTransferOfTheSameFileLeavesTheFirstOnesNoteAlone() throws Exception {
        SafeNames.Placed first = SafeNames.createPart(dir, "report.pdf");
        SafeNames.Placed second = SafeNames.createPart(dir, "report.pdf");
        Path written = SafeNames.writeResumeNote(notes, note, first);
        assertNotNull(written);
        assertNull(SafeNames.writeResumeNote(notes, note, second), "the note is held: none written");
        assertEquals(first, SafeNames.findResumable(notes, note, dir, 1000).placed(), "still the first one's");
        assertFalse(SafeNames.deleteResumeNote(written, second), "not the second one's to remove");
        assertTrue(Files.exists(written));
        assertTrue(SafeNames.deleteResumeNote(written, first));
        assertFalse(Files.exists(written));
    }

    @Test
    void aStaleNoteIsReplaced() throws Exception {
        SafeNames.Placed gone = SafeNames.createPart(dir, "report.pdf");
        Files.delete(gone.part());
        SafeNames.writeResumeNote(notes, note, gone);
        SafeNames.Placed p = SafeNames.createPart(dir, "other.pdf");
        assertNotNull(SafeNames.writeResumeNote(notes, note, p), "its partial file is gone: replaced");
        assertEquals(p, SafeNames.findResumable(notes, note, dir, 1000).placed());
    }

    @Test
    void aReceivedNameThatIsOneOfOursIsRenamed() throws Exception {
        assertEquals("_.parley-resume-0123", SafeNames.component(".parley-resume-0123"));
        assertEquals("_.victim.parley-part", SafeNames.component(".victim.parley-part"));
        assertEquals("_victim.parley-part", SafeNames.component("victim.parley-part"));
        assertEquals("report.parley-part.txt", SafeNames.component("report.parley-part.txt"), "only the end counts");
        assertEquals(List.of("a", "_.x.parley-part"), SafeNames.components("a/.x.parley-part"), "in a folder too");
        assertThrows(SafeNames.BadName.class, () -> SafeNames.component("x".repeat(243) + ".parley-part"),
                "over the limit once renamed");
    }
}
