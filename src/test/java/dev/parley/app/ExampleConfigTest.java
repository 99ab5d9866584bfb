package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code config/parley.properties} in the repository documents every key with its default. */
class ExampleConfigTest {
    /** A commented-out setting: {@code #key = value}, no space after the {@code #}. */
    private static final Pattern SETTING = Pattern.compile("#([a-z-]+ =.*)");
    private static final Settings DEFAULTS = Settings.defaults("dflt");

    private static Path example() {
        return Path.of(System.getProperty("basedir", "")).resolve("config").toAbsolutePath();
    }

    @Test
    void asShippedItParsesAndChangesNothing() throws Exception {
        assertEquals(DEFAULTS, SettingsLoader.load(DEFAULTS, example(), Map.of(), Map.of()));
    }

    @Test
    void uncommentedItDocumentsEveryKeyWithItsDefault(@TempDir Path state) throws Exception {
        List<String> lines = Files.readAllLines(example().resolve("parley.properties"), StandardCharsets.UTF_8);
        List<String> uncommented = lines.stream().map(l -> {
            Matcher m = SETTING.matcher(l);
            return m.matches() ? m.group(1) : l;
        }).toList();
        Files.write(state.resolve("parley.properties"), uncommented, StandardCharsets.UTF_8);

        List<String> documented = lines.stream().map(SETTING::matcher).filter(Matcher::matches)
                .map(m -> m.group(1).split(" =")[0]).toList();
        List<String> keys = List.of(SettingsKey.values()).stream().map(SettingsKey::fileKey).toList();
        assertEquals(keys, documented, "every key, once, in order");

        Settings loaded = SettingsLoader.load(DEFAULTS, state, Map.of(), Map.of());
        // The nickname's default depends on the machine; the file shows an example instead.
        // Uncommented, "port = 7447" is a port chosen: used or refused, never replaced by a free one.
        assertEquals(DEFAULTS.toBuilder().nick(loaded.nick()).port(Settings.DEFAULT_PORT).build(), loaded);
    }
}
