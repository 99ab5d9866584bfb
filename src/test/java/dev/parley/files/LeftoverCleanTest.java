package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.Transfers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /transfers clean} deletes the partial files an earlier run left, as their resume notes in the state
 * folder name them, and the notes; {@code /transfers} counts them. Only a hidden partial file that a note
 * names, a regular file in the note's own folder, is deleted: a note naming a symlink, a file that is not
 * a partial file or another folder deletes nothing; a note written moments ago (an accept under way) is kept.
 */
class LeftoverCleanTest {
    @TempDir
    Path temp;
    private Path home;
    private Path notes;
    private Path dir;
    private FileEngine files;
    private final Instant now = Instant.parse("2026-12-04T12:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        home = temp.resolve("home");
        notes = home.resolve("resume");
        Files.createDirectories(notes);
        dir = Files.createDirectories(temp.resolve("downloads")).toRealPath();
        files = new FileEngine(null, null, Runnable::run, null, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom(),
                FileEngine.Settings.defaults(dir, false).withState(home));
    }

    /** A partial file with its note, as accept leaves them, the note last written {@code age} ago. */
    private SafeNames.Leftover leftover(String name, int bytes, Duration age) throws Exception {
        SafeNames.Placed p = SafeNames.createPart(dir, name);
        Files.write(p.part(), new byte[bytes]);
        Path note = SafeNames.writeResumeNote(notes, SafeNames.resumeNoteName("SHA256:bob", name, 9999, 1, dir), p);
        Files.setLastModifiedTime(note, FileTime.from(now.minus(age)));
        return new SafeNames.Leftover(note, p.part(), bytes, 0);
    }

    private Path rawNote(String name, String content) throws Exception {
        Path note = notes.resolve(name);
        Files.write(note, content.getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(note, FileTime.from(now.minus(Duration.ofDays(1))));
        return note;
    }

    @Test
    void anEarlierRunsPartialFilesAreCountedThenDeletedWithTheirNotes() throws Exception {
        SafeNames.Leftover a = leftover("a.iso", 300, Duration.ofDays(2));
        SafeNames.Leftover b = leftover("b.iso", 45, Duration.ofHours(1));

        assertEquals(new Transfers.Leftovers(2, 345), files.leftovers());
        assertEquals(0, files.clean(), "no transfer of this run to forget");

        for (SafeNames.Leftover l : new SafeNames.Leftover[] {a, b}) {
            assertFalse(Files.exists(l.part(), LinkOption.NOFOLLOW_LINKS), l.part().toString());
            assertFalse(Files.exists(l.note(), LinkOption.NOFOLLOW_LINKS), l.note().toString());
        }
        assertEquals(Transfers.Leftovers.NONE, files.leftovers());
    }

    @Test
    void aNoteWrittenJustNowIsKept() throws Exception {
        SafeNames.Leftover fresh = leftover("fresh.iso", 10, Duration.ofSeconds(-1)); // after the engine began
        assertEquals(Transfers.Leftovers.NONE, files.leftovers());
        files.clean();
        assertTrue(Files.exists(fresh.part()));
        assertTrue(Files.exists(fresh.note()));
    }

    @Test
    void aNoteNamingASymlinkDeletesNothing() throws Exception {
        Path target = Files.write(temp.resolve("precious.txt"), new byte[] {1, 2, 3});
        Path link = Files.createSymbolicLink(dir.resolve(".precious.txt.parley-part"), target);
        Path note = rawNote("resume-0123456789abcdef0123456789abcdef",
                ".precious.txt.parley-part\nprecious.txt\n" + dir);

        assertEquals(Transfers.Leftovers.NONE, files.leftovers());
        files.clean();
        assertTrue(Files.isSymbolicLink(link), "the link is not deleted");
        assertTrue(Files.exists(target), "nor what it points at");
        assertTrue(Files.exists(note), "and the note stays");
    }

    @Test
    void aNoteNamingWhatIsNotAPartialFileDeletesNothing() throws Exception {
        Path plain = Files.write(dir.resolve("thesis.pdf"), new byte[] {1});
        Path folder = Files.createDirectories(dir.resolve(".folder.parley-part"));
        Path other = Files.createDirectories(temp.resolve("elsewhere")).toRealPath();
        Path elsewhere = Files.write(other.resolve(".x.parley-part"), new byte[] {1});
        Path linkedDir = Files.createSymbolicLink(temp.resolve("linked"), other);
        Path[] notesWritten = {
                rawNote("resume-00000000000000000000000000000001", "thesis.pdf\nthesis.pdf\n" + dir),
                rawNote("resume-00000000000000000000000000000002", ".folder.parley-part\nfolder\n" + dir),
                rawNote("resume-00000000000000000000000000000003", "../elsewhere/.x.parley-part\nx\n" + dir),
                rawNote("resume-00000000000000000000000000000004", ".x.parley-part\nx\n" + linkedDir),
                rawNote("resume-00000000000000000000000000000005", ".x.parley-part\nx\n" + dir + "/../elsewhere"),
                rawNote("resume-00000000000000000000000000000006", ".x.parley-part\nx"), // no folder: left alone
                rawNote("not-a-note", ".x.parley-part\nx\n" + other),
        };

        assertEquals(Transfers.Leftovers.NONE, files.leftovers());
        files.clean();
        assertTrue(Files.exists(plain));
        assertTrue(Files.isDirectory(folder));
        assertTrue(Files.exists(elsewhere));
        for (Path n : notesWritten) {
            assertTrue(Files.exists(n), n.toString());
        }
    }

    @Test
    void aNoteInAnotherFolderDeletesOnlyThere() throws Exception {
        Path other = Files.createDirectories(temp.resolve("other")).toRealPath();
        Path there = Files.write(other.resolve(".same.bin.parley-part"), new byte[7]);
        Path here = Files.write(dir.resolve(".same.bin.parley-part"), new byte[5]);
        rawNote("resume-000000000000000000000000000000aa", ".same.bin.parley-part\nsame.bin\n" + other);

        assertEquals(new Transfers.Leftovers(1, 7), files.leftovers());
        files.clean();
        assertFalse(Files.exists(there));
        assertTrue(Files.exists(here), "the same name in downloads, which no note names, stays");
    }
}
