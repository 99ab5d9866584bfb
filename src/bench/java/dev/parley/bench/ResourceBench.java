package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An idle peer with ten online peers: eleven {@code java -jar} processes on loopback ({@code --no-mdns};
 * the ten dial the hub with {@code --peer}). Once the hub lists all ten online and a settling time has
 * passed, its CPU (utime + stime from {@code /proc/PID/stat}) is taken over a window (a minute by
 * default), and its resident memory and thread count at the end. The baseline, measured over the same
 * window: a JVM that only sleeps. Usage: {@code ResourceBench [windowSeconds] [settleSeconds]}.
 */
public final class ResourceBench {
    private static final int PEERS = 10;

    private ResourceBench() {}

    /** The baseline process: a JVM doing nothing. */
    public static final class IdleJvm {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("{\"event\":\"ready\"}");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    public static void main(String[] args) throws Exception {
        int window = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int settle = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path tmp = Files.createTempDirectory("parley-bench-idle");
        Report report = new Report("resources.txt");
        List<JarPeer> all = new ArrayList<>();
        try {
            JarPeer hub = JarPeer.start("hub", JarPeer.command(List.of(), "hub", tmp.resolve("hub"), "--no-mdns", "--port", "0"));
            all.add(hub);
            int port = hub.ready(30_000).event().get("port").getAsInt();
            for (int i = 1; i <= PEERS; i++) {
                // One at a time: a --peer dial that fails at start is not retried, and eleven JVMs
                // starting at once on two cores can outlast the handshake's 5 s deadline.
                JarPeer p = JarPeer.start("p" + i, JarPeer.command(List.of(), "p" + i, tmp.resolve("p" + i),
                        "--no-mdns", "--port", "0", "--peer", "127.0.0.1:" + port));
                all.add(p);
                p.online("hub", 60_000);
            }
            for (int i = 1; i <= PEERS; i++) {
                hub.online("p" + i, 60_000);
            }
            JarPeer idle = JarPeer.start("idle-jvm", List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                    System.getProperty("java.class.path"), IdleJvm.class.getName()));
            all.add(idle);
            idle.ready(30_000);
            Thread.sleep(settle * 1000L); // the scenario: the peers have been up a while
            long[] hub0 = Proc.cpuTicks(hub.pid());
            long[] idle0 = Proc.cpuTicks(idle.pid());
            long[] leaf0 = Proc.cpuTicks(all.get(1).pid());
            long t0 = System.nanoTime();
            Thread.sleep(window * 1000L); // the measurement window itself
            double seconds = (System.nanoTime() - t0) / 1e9;
            report.say("idle for " + window + " s after " + settle + " s settling; hub has " + PEERS
                    + " online peers (loopback, --no-mdns)");
            line(report, "hub (10 online peers)", hub.pid(), hub0, seconds);
            line(report, "one of the ten (1 online peer)", all.get(1).pid(), leaf0, seconds);
            line(report, "baseline: a JVM that only sleeps", idle.pid(), idle0, seconds);
        } finally {
            for (JarPeer p : all) {
                p.close();
            }
        }
        report.write();
    }

    private static void line(Report report, String what, long pid, long[] before, double seconds) throws IOException {
        long[] after = Proc.cpuTicks(pid);
        double cpuSeconds = (after[0] + after[1] - before[0] - before[1]) / (double) Proc.TICKS_PER_SECOND;
        report.say(String.format("%-36s CPU %5.2f %% of a core   RSS %6.1f MB   threads %3d", what,
                100 * cpuSeconds / seconds, Proc.rssKb(pid) / 1024.0, Proc.threads(pid)));
    }
}
