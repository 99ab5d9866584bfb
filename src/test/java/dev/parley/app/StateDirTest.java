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

    @Test
    void homeIsTheHomeVariableWhenSetAsEveryToolHasIt() {
        assertEquals(Path.of("/home/other/.config/parley"),
                StateDir.resolve(null, Map.of("HOME", "/home/other"), "/home/u"));
        assertEquals(Path.of("/home/u/.config/parley"), StateDir.resolve(null, Map.of("HOME", ""), "/home/u"),
                "empty: the account's");
        assertEquals(Path.of("/home/u/.config/parley"), StateDir.resolve(null, Map.of("HOME", "rel"), "/home/u"));
    }

    @Test
    void parleyHomeStandsForTheOption() {
        assertEquals(Path.of("/srv/p"), StateDir.resolve(null, Map.of("PARLEY_HOME", "/srv/p", "XDG_CONFIG_HOME", "/x"),
                "/home/u"));
        assertEquals(Path.of("/srv/q"), StateDir.resolve("/srv/q", Map.of("PARLEY_HOME", "/srv/p"), "/home/u"),
                "the option wins");
    }

    @Test
    void aLeadingTildeIsTheHomeFolderAsAShellWouldHaveIt() {
        assertEquals(Path.of("/home/h/x"), StateDir.resolve("~/x", Map.of("HOME", "/home/h"), "/home/u"));
        assertEquals(Path.of("/home/h"), StateDir.resolve("~", Map.of("HOME", "/home/h"), "/home/u"));
        assertEquals(Path.of("/home/u/y"), StateDir.resolve("~/y", Map.of(), "/home/u"));
        assertEquals(Path.of("/home/h/p"), StateDir.resolve(null, Map.of("HOME", "/home/h", "PARLEY_HOME", "~/p"), "/u"));
        assertEquals(Path.of("a~b").toAbsolutePath(), StateDir.resolve("a~b", Map.of(), "/home/u"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> StateDir.resolve("~bob/x", Map.of(), "/home/u"));
        assertEquals("--home: \"~bob/x\": ~USER is not expanded here; give the folder's full path", e.getMessage());
    }
}
