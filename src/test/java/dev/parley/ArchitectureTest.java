package dev.parley;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dependency map of docs/ARCHITECTURE (arrows point down only), checked over the sources: every
 * reference from one Parley package to another, imported or fully qualified, must be allowed.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/dev/parley");
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("crypto", Set.of()),
            Map.entry("wire", Set.of("crypto")),
            Map.entry("identity", Set.of("crypto")),
            Map.entry("handshake", Set.of("crypto", "identity", "wire")),
            Map.entry("chat", Set.of("identity")),
            Map.entry("rooms", Set.of("crypto", "identity", "chat")),
            Map.entry("net", Set.of("handshake", "wire", "crypto", "identity", "chat")),
            Map.entry("discovery", Set.of("chat", "identity")),
            Map.entry("files", Set.of("chat", "net", "handshake", "wire", "crypto", "identity")),
            Map.entry("tui", Set.of("chat", "identity", "rooms")),
            Map.entry("headless", Set.of("chat", "identity", "rooms")),
            Map.entry("app", Set.of("crypto", "wire", "identity", "handshake", "chat", "rooms", "net", "discovery", "tui", "headless", "files")));
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.parley\\.(\\w+)\\.");

    @Test
    void packagesOnlyDependDownwards() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                Set<String> allowed = ALLOWED.get(pkg);
                assertTrue(allowed != null, "package " + pkg + " is not on the map");
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    String to = m.group(1);
                    if (!to.equals(pkg) && !allowed.contains(to)) {
                        violations.add(MAIN.relativize(f) + " uses " + to);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void onlyAppCreatesThreads() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                String src = Files.readString(f);
                if (!pkg.equals("app") && (src.contains("new Thread(") || src.contains("Executors."))) {
                    violations.add(MAIN.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void onlyTheFrontEndsAndAppWriteToTheTerminal() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = MAIN.relativize(f).getName(0).toString();
                if (!pkg.equals("app") && !pkg.equals("headless") && Files.readString(f).matches("(?s).*System\\.(out|err).*")) {
                    violations.add(MAIN.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
