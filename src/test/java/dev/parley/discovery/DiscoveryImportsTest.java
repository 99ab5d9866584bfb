package dev.parley.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package map: discovery may use chat and identity, never crypto, net or anything above. */
class DiscoveryImportsTest {
    private static final Pattern PARLEY_REF = Pattern.compile("\\bdev\\.parley\\.(\\w+)");

    @Test
    void mainCodeUsesOnlyChatAndIdentity() throws Exception {
        Path dir = Path.of("src/main/java/dev/parley/discovery");
        assertTrue(Files.isDirectory(dir), "run from the project root");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = PARLEY_REF.matcher(Files.readString(f));
                while (m.find()) {
                    String pkg = m.group(1);
                    if (!List.of("discovery", "chat", "identity").contains(pkg)) {
                        violations.add(f.getFileName() + " uses dev.parley." + pkg);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
