package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.lab.AvahiReflector;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import dev.parley.lab.RoutedLab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two stock Parley peers on two subnets find each other through Avahi's mDNS reflector on the router
 * between them, with no Parley setting at all (README, "Several subnets"). Skipped, saying why, without
 * root, iproute2 or avahi-daemon.
 */
class ReflectorLabTest {
    @TempDir
    Path dir;

    @Test
    void twoStockPeersOnTwoSubnetsComeOnlineThroughTheReflector() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        String noAvahi = AvahiReflector.unavailableReason();
        assumeTrue(noAvahi == null, () -> "skipped: " + noAvahi);
        try (RoutedLab lab = RoutedLab.create(List.of())) {
            AvahiReflector.start(lab, dir.resolve("avahi"));
            Path aliceHome = dir.resolve("alice");
            Path bobHome = dir.resolve("bob");
            try (HeadlessPeer alice = HeadlessPeer.of("alice", aliceHome,
                         lab.start(1, HeadlessPeer.command("alice", aliceHome), Map.of()));
                 HeadlessPeer bob = HeadlessPeer.of("bob", bobHome,
                         lab.start(2, HeadlessPeer.command("bob", bobHome), Map.of()))) {
                JsonObject a = alice.awaitEvent("ready", 60, e -> true);
                JsonObject b = bob.awaitEvent("ready", 60, e -> true);
                String aliceFp = str(a, "fingerprint");
                String bobFp = str(b, "fingerprint");
                try {
                    alice.awaitSeen(0, "bob online", 60,
                            e -> "online".equals(str(e, "state")) && bobFp.equals(str(e, "fingerprint")));
                    bob.awaitSeen(0, "alice online", 60,
                            e -> "online".equals(str(e, "state")) && aliceFp.equals(str(e, "fingerprint")));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\nalice's log:\n" + tail(aliceHome) + "\nbob's log:\n"
                            + tail(bobHome), e);
                }
            }
        }
    }

    static String tail(Path home) {
        try {
            List<String> lines = Files.readAllLines(home.resolve("parley.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
