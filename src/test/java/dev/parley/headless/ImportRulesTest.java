package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The architecture's arrows for the packages here: chat imports only identity; headless only chat and identity. */
class ImportRulesTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.parley\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void chatReachesOnlyIdentity() throws IOException {
        assertEquals(List.of(), violations("chat", List.of("chat", "identity")));
    }

    @Test
    void headlessReachesOnlyChatAndIdentity() throws IOException {
        assertEquals(List.of(), violations("headless", List.of("headless", "chat", "identity")));
    }

    @Test
    void onlyAppAndHeadlessPrintAndChatCreatesNoThreads() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources("chat")) {
            String src = Files.readString(p);
            if (src.contains("System.out") || src.contains("System.err") || src.contains("new Thread")
                    || src.contains("Executors.")) {
                bad.add(p.getFileName().toString());
            }
        }
        assertEquals(List.of(), bad);
    }

    private static List<String> violations(String pkg, List<String> allowed) throws IOException {
        List<String> bad = new ArrayList<>();
        for (Path p : sources(pkg)) {
            Matcher m = IMPORT.matcher(Files.readString(p));
            while (m.find()) {
                if (!allowed.contains(m.group(1))) {
                    bad.add(p.getFileName() + " imports " + m.group(1));
                }
            }
        }
        return bad;
    }

    private static List<Path> sources(String pkg) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java/dev/parley", pkg))) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }
}
