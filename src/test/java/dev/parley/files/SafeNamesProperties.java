package dev.parley.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For any name a peer can send: it is refused, or every component is safe (no separator, NUL, control or
 * format character, not {@code .} or {@code ..}, at most 255 bytes, NFC), the resolved path stays inside
 * the destination, and placing it there never replaces or follows anything already there.
 */
class SafeNamesProperties {
    private static Path root;
    private static Path outside;

    @BeforeContainer
    static void makeDirs() throws IOException {
        root = Files.createTempDirectory("parley-safenames-").toRealPath();
        outside = Files.createTempDirectory("parley-outside-").toRealPath();
        Files.writeString(root.resolve("taken.txt"), "old");
        Files.writeString(root.resolve(".taken2.txt.parley-part"), "old part");
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("dangling"), outside.resolve("nothing-here"));
    }

    @AfterContainer
    static void removeDirs() throws IOException {
        for (Path d : List.of(root, outside)) {
            try (Stream<Path> s = Files.walk(d)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Property(tries = 5000)
    void anyPathIsRefusedOrConfined(@ForAll("paths") String wire) {
        List<String> parts;
        try {
            parts = SafeNames.components(wire);
        } catch (SafeNames.BadName e) {
            return;
        }
        assertFalse(parts.isEmpty());
        Path resolved = root;
        for (String c : parts) {
            assertFalse(c.isEmpty());
            assertFalse(c.equals(".") || c.equals(".."), c);
            assertFalse(c.contains("/") || c.contains("\\") || c.contains("\0"), c);
            assertTrue(c.getBytes(StandardCharsets.UTF_8).length <= SafeNames.MAX_COMPONENT_BYTES);
            assertEquals(Normalizer.normalize(c, Normalizer.Form.NFC), c);
            c.codePoints().forEach(cp -> {
                int t = Character.getType(cp);
                assertFalse(t == Character.CONTROL || t == Character.FORMAT || t == Character.LINE_SEPARATOR
                        || t == Character.PARAGRAPH_SEPARATOR, "code point " + cp);
            });
            resolved = resolved.resolve(c);
        }
        assertTrue(resolved.normalize().startsWith(root), resolved.toString());
        assertEquals(parts.size(), root.relativize(resolved.normalize()).getNameCount());
    }

    @Property(tries = 400)
    void placingNeverReplacesOrLeavesTheDestination(@ForAll("names") String wire) throws IOException {
        String name;
        try {
            List<String> parts = SafeNames.components(wire);
            name = parts.get(parts.size() - 1);
        } catch (SafeNames.BadName e) {
            return;
        }
        SafeNames.Placed p = SafeNames.createPart(root, name);
        assertTrue(SafeNames.inside(root, p.part()));
        assertEquals(0, Files.size(p.part()));
        Files.writeString(p.part(), "new");
        Path done = SafeNames.publish(p);
        assertTrue(SafeNames.inside(root, done));
        assertFalse(Files.isSymbolicLink(done));
        assertEquals("new", Files.readString(done));
        assertEquals("old", Files.readString(root.resolve("taken.txt")));
        assertEquals("old part", Files.readString(root.resolve(".taken2.txt.parley-part")));
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(0, s.count(), "nothing written through a symlink");
        }
        Files.delete(done);
    }

    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.of(".", "..", "", "/", "\\", "a", "..\\..", "C:", "\u202e", "\u0000", "\n", "\u200b",
                        "e\u0301", "\u00e9", "link", "x".repeat(300), "\u00e9".repeat(130), "\ud800", " "),
                Arbitraries.strings().ofMaxLength(20),
                Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(10));
        return Arbitraries.oneOf(
                piece.list().ofMaxSize(6).map(l -> String.join("/", l)),
                piece.list().ofMaxSize(6).map(l -> String.join("", l)),
                Arbitraries.strings().ofMaxLength(300));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.of("taken.txt", "taken2.txt", "link", "dangling", ".taken2.txt.parley-part", "x".repeat(255),
                        "a.tar.gz", ".hidden", "noext", "\u202etxt.exe"),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40));
    }

    @Example
    void examples() throws SafeNames.BadName {
        assertEquals(List.of("slides", "q3.pdf"), SafeNames.components("slides/q3.pdf"));
        assertEquals(List.of("evilexe.txt"), SafeNames.components("evil\u202eexe.txt"));
        assertEquals(List.of("\u00e9"), SafeNames.components("e\u0301"));
        assertEquals(List.of("a_b"), SafeNames.components("a\\b"));
        for (String bad : List.of("/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "", "a\0b", "C:x",
                "x".repeat(256), "\u202e")) {
            assertThrows(SafeNames.BadName.class, () -> SafeNames.components(bad), bad);
        }
        assertEquals("q3 (1).pdf", SafeNames.clashName("q3.pdf", 1));
        assertEquals(".bashrc (2)", SafeNames.clashName(".bashrc", 2));
        assertEquals("folder (1)", SafeNames.clashName("folder", 1));
        assertEquals(".q3.pdf.parley-part", SafeNames.partName("q3.pdf"));
        assertTrue(SafeNames.partName("x".repeat(255)).getBytes(StandardCharsets.UTF_8).length <= 255);
        assertTrue(SafeNames.clashName("x".repeat(255), 12).getBytes(StandardCharsets.UTF_8).length <= 255);
    }

    @Example
    void aSymlinkIsNeverWrittenThrough() throws IOException {
        SafeNames.Placed p = SafeNames.createPart(root, "link");
        assertEquals("link (1)", p.name());
        Path done = SafeNames.publish(p);
        assertFalse(Files.isSymbolicLink(done));
        assertTrue(Files.isSymbolicLink(root.resolve("link")));
        Files.delete(done);
        Path d = SafeNames.createDirectory(root, "link");
        assertTrue(Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
        assertEquals("link (1)", d.getFileName().toString());
        Files.delete(d);
    }
}
