package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.Allocations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.constraints.Size;

/**
 * The configuration parser with arbitrary and near-valid files, environment variables and options:
 * settings or a {@link SettingsException} (whose message never carries a raw control character), nothing
 * else; a huge file is refused without being read whole.
 */
class SettingsProperties {
    private static final Settings DEFAULTS = Settings.defaults("dflt");
    private static final Path STATE = tempDir();

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("parley-settings-props");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void removeTempDir() throws IOException {
        try (var files = Files.walk(STATE)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 1000)
    void arbitraryFilesLoadOrFailAsSettingsErrors(@ForAll @Size(max = 600) byte[] content) throws IOException {
        Files.write(STATE.resolve(SettingsLoader.FILE_NAME), content);
        loadOrFail(Map.of(), Map.of());
    }

    @Property(tries = 1000)
    void nearValidFilesLoadOrFailAsSettingsErrors(@ForAll("files") String content) throws IOException {
        Files.writeString(STATE.resolve(SettingsLoader.FILE_NAME), content, StandardCharsets.UTF_8);
        loadOrFail(Map.of(), Map.of());
    }

    @Property(tries = 1000)
    void arbitraryEnvironmentAndOptionsLoadOrFailAsSettingsErrors(@ForAll("keys") SettingsKey key,
                                                                  @ForAll("values") String value,
                                                                  @ForAll boolean onCommandLine) throws IOException {
        Files.deleteIfExists(STATE.resolve(SettingsLoader.FILE_NAME));
        if (onCommandLine) {
            loadOrFail(Map.of(), Map.of(key.fileKey(), value));
        } else {
            loadOrFail(Map.of(key.envVariable(), value), Map.of());
        }
    }

    @Property(tries = 3)
    void aHugeFileIsRefusedWithoutReadingItWhole(@ForAll("hugeSizes") int size) throws IOException {
        Path file = STATE.resolve(SettingsLoader.FILE_NAME);
        Files.write(file, ("# " + "x".repeat(size) + "\n").getBytes(StandardCharsets.US_ASCII));
        long allocated = Allocations.of(() -> {
            SettingsException e = assertThrows(SettingsException.class, () -> SettingsLoader.load(DEFAULTS, STATE, Map.of(), Map.of()));
            assertTrue(e.getMessage().contains("too large"), e.getMessage());
        });
        assertTrue(allocated < 4L * SettingsLoader.MAX_FILE_BYTES, () -> "allocated " + allocated + " for a file of " + size);
        Files.delete(file);
    }

    @Provide
    Arbitrary<Integer> hugeSizes() {
        return Arbitraries.of(SettingsLoader.MAX_FILE_BYTES + 1, 2 << 20, 20 << 20);
    }

    @Provide
    Arbitrary<SettingsKey> keys() {
        return Arbitraries.of(SettingsKey.class);
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(100),
                Arbitraries.strings().withChars("0123456789:[],.%abcdefgh-_ \u001b\t").ofMaxLength(40),
                Arbitraries.of("true", "FALSE", "65535", "65536", "0", "-1", "[::1]:7447", "host:0", "a,,b", ""));
    }

    @Provide
    Arbitrary<String> files() {
        Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(SettingsKey.class).map(SettingsKey::fileKey),
                Arbitraries.strings().ofMaxLength(10));
        Arbitrary<String> sep = Arbitraries.of("=", " = ", ":", "", "==");
        Arbitrary<String> line = Arbitraries.oneOf(
                Combinators.combine(key, sep, values()).as((k, s, v) -> k + s + v),
                Arbitraries.of("# comment", "! bang", "", "   ", "\uFEFFnick=x", "\\", "nick=a\\\n b"));
        return line.list().ofMaxSize(12).map(l -> String.join(List.of("\n", "\r\n", "\r").get(l.size() % 3), l));
    }

    private static void loadOrFail(Map<String, String> env, Map<String, String> cli) {
        try {
            Settings s = SettingsLoader.load(DEFAULTS, STATE, env, cli);
            assertTrue(s.nick() != null && !s.nick().isEmpty());
            assertTrue(s.port() >= 0 && s.port() <= 65535);
        } catch (SettingsException e) {
            assertTrue(e.getMessage().codePoints().noneMatch(cp -> cp != '\n' && Character.getType(cp) == Character.CONTROL),
                    () -> "raw control character in: " + e.getMessage());
        }
    }
}
