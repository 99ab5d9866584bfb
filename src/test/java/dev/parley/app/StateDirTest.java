package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirTest {
    @org.junit.jupiter.api.io.TempDir
    Path temp;

    @Test
    void aNewStateFolderAndItsNewParentsAreOwnerOnlyWhateverTheUmask() throws Exception {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = temp.resolve("config/parley");
        StateDir.create(dir);
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.getParent())));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(temp)),
                "an existing parent is left alone");
    }

    @Test
    void anExistingStateFolderIsLeftAsItIs() throws Exception {
        Path dir = Files.createDirectory(temp.resolve("mine"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-x---")));
        StateDir.create(dir);
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    }

    @Test
    void homeOptionWinsOverEverything() {
        assertEquals(Path.of("/srv/parley-a"),
                StateDir.resolve("/srv/parley-a", Map.of("XDG_CONFIG_HOME", "/x"), "/home/u"));
    }

    @Test
    void aRelativeHomeOptionIsMadeAbsolute() {
        assertEquals(Path.of("lab/a").toAbsolutePath(), StateDir.resolve("lab/a", Map.of(), "/home/u"));
    }

    @Test
    void xdgConfigHomeIsUsedWhenSet() {
        assertEquals(Path.of("/x/cfg/parley"), StateDir.resolve(null, Map.of("XDG_CONFIG_HOME", "/x/cfg"), "/home/u"));
    }

    @Test
    void otherwiseDotConfigInTheHomeFolder() {
        assertEquals(Path.of("/home/u/.config/parley"), StateDir.resolve(null, Map.of(), "/home/u"));
    }

    @Test
    void anEmptyOrRelativeXdgConfigHomeIsIgnoredAsTheSpecSays() {
        assertEquals(Path.of("/home/u/.config/parley"),
                StateDir.resolve(null, Map.of("XDG_CONFIG_HOME", ""), "/home/u"));
        assertEquals(Path.of("/home/u/.config/parley"),
                StateDir.resolve(null, Map.of("XDG_CONFIG_HOME", "relative/cfg"), "/home/u"));
    }
}
