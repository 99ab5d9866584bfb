package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateDirTest {
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
