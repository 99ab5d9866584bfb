package dev.parley.discovery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures how fast two hosts find each other (issue 3, "Measure and report"). Runs only when asked:
 * {@code mvn -o test -Dtest=DiscoveryTimingLabTest -Dparley.discovery.timing.runs=10} (add
 * {@code -Dparley.discovery.timing.plain=true} for JmDNS's own timing). Host A runs; host B's JVM is
 * launched at t = 0; we take the times at which A lists B and B lists A (resolved, with address).
 * Results go to {@code target/discovery-timing.txt}.
 */
class DiscoveryTimingLabTest {
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryTimingLabTest.class);
    /** A must be past JmDNS's own probing (about 4 s) before B arrives: JmDNS answers only once announced. */
    private static final Duration A_SETTLES = Duration.ofSeconds(5);
    private static final Duration SEE = Duration.ofSeconds(15);

    @Test
    void newcomerIsSeenAndSeesOthers() throws Exception {
        int runs = Integer.getInteger("parley.discovery.timing.runs", 0);
        Assumptions.assumeTrue(runs > 0, "timing runs only with -Dparley.discovery.timing.runs=N");
        String why = NamespaceLab.unavailableReason();
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why);
        boolean plain = Boolean.getBoolean("parley.discovery.timing.plain");
        List<long[]> rows = new ArrayList<>();
        try (NamespaceLab lab = NamespaceLab.create(2)) {
            for (int r = 0; r < runs; r++) {
                rows.add(once(lab, r, plain));
            }
        }
        report(rows, plain);
    }

    /** Returns {launch→main, main→start, start→ready, launch→A lists B, launch→B lists A} in ms. */
    private static long[] once(NamespaceLab lab, int run, boolean plain) throws Exception {
        String fpA = DiscoveryProbe.fingerprint("timing-a" + run);
        String fpB = DiscoveryProbe.fingerprint("timing-b" + run);
        ProbeProcess a = lab.probe(1, "alice", "timing-a" + run, 120, plain);
        ProbeProcess b = null;
        try {
            a.await("READY", l -> l.startsWith("READY "), SEE);
            Thread.sleep(A_SETTLES.toMillis()); // the scenario: A has been up a while (not a synchronisation)
            long launch = System.currentTimeMillis();
            b = lab.probe(2, "bob", "timing-b" + run, 120, plain);
            String[] ready = b.await("READY", l -> l.startsWith("READY "), SEE).split(" ");
            long readyAt = Long.parseLong(ready[2]);
            long mainAt = Long.parseLong(ready[3].substring("main=".length()));
            long startAt = Long.parseLong(ready[4].substring("start=".length()));
            long aListsB = lastField(a.awaitFound(fpB, SEE));
            long bListsA = lastField(b.awaitFound(fpA, SEE));
            return new long[] {mainAt - launch, startAt - mainAt, readyAt - startAt, aListsB - launch, bListsA - launch,
                aListsB - startAt, bListsA - startAt};
        } finally {
            a.kill();
            if (b != null) {
                b.kill();
            }
        }
    }

    private static long lastField(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    private static void report(List<long[]> rows, boolean plain) throws Exception {
        String[] names = {"JVM launch -> main", "main -> start() (logging up)", "start() -> start returned",
            "launch -> A lists B", "launch -> B lists A", "B's start() -> A lists B", "B's start() -> B lists A"};
        StringBuilder out = new StringBuilder((plain ? "plain JmDNS" : "with FastStart") + ", " + rows.size() + " runs\n");
        for (int k = 0; k < names.length; k++) {
            List<Long> v = new ArrayList<>();
            for (long[] row : rows) {
                v.add(row[k]);
            }
            Collections.sort(v);
            long median = v.size() % 2 == 1 ? v.get(v.size() / 2) : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
            out.append(String.format("%-28s median %5d ms  worst %5d ms  all %s%n", names[k], median, v.get(v.size() - 1), v));
        }
        Files.writeString(Path.of("target", "discovery-timing.txt"), out.toString());
        LOG.info("\n{}", out);
    }
}
