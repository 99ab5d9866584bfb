package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keystroke latency of the full-screen UI in a real terminal, quiet and under a flood. The real jar's UI runs
 * in a detached tmux; a headless jar peer in the same network namespace (one lab host: nothing leaves the
 * machine, and both run {@code --no-mdns} over loopback) dials it. With the UI showing the peer's
 * conversation, the bench types a character with {@code send-keys} and polls the input line with
 * {@code capture-pane} until it shows, then erases it the same way; first with no traffic (the baseline),
 * then while the peer floods that very conversation at the target rate. It reports p50/p99/max of both, and
 * the rate the flood achieved: offered by the peer, delivered (acknowledged to it), and reaching the screen
 * (the highest message number drawn) — a flood limited by the receiver's pacing shows as a low achieved rate,
 * not as a good latency at a high one.
 * <p>
 * Usage: {@code TuiLatencyBench [keys [messagesPerSecond [warmUpSeconds [floodNice]]]]} (default 200 keys,
 * 6,000 messages a second, 10 s of flood before the measurement, for the JIT of both JVMs and the receiver's
 * burst allowance; the flooding peer at {@code nice} 0). A niceness of 10 stands in for the flooding peer being
 * on another machine, as it would be on a LAN: here it shares the machine's cores with the UI.
 * Needs root (network namespaces) and tmux; skipped with the reason otherwise. Report in
 * {@code target/bench/tui.txt}.
 */
public final class TuiLatencyBench {
    private static final int COLUMNS = 100;
    private static final int ROWS = 30;
    /** The input line: above the footer (see the tui package's Layout). */
    private static final int INPUT_ROW = ROWS - 2;
    private static final int PORT = 7447;
    /** How often the input line is looked at while waiting for a key to show. */
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    private static final long KEY_DEADLINE_MILLIS = 5_000;
    private static final double TARGET_RATE = 5_000;
    private static final double TARGET_P99_MILLIS = 50;
    private static final Pattern FLOOD_NUMBER = Pattern.compile("bob: flood (\\d+)");

    private final SecureRandom random = new SecureRandom();

    private TuiLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 6_000;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int nice = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        Report report = new Report("tui.txt");
        String why = Labs.unavailableReason();
        if (why == null) {
            why = TmuxControl.unavailableReason();
        }
        if (why != null) {
            report.say("tui latency skipped: " + why);
            report.write();
            return;
        }
        new TuiLatencyBench().run(report, keys, rate, warmUp, nice);
        report.write();
    }

    private void run(Report report, int keys, int rate, int warmUpSeconds, int nice) throws Exception {
        Path tmp = Files.createTempDirectory("parley-bench-tui");
        report.say("full-screen UI keystroke latency: tmux send-keys until capture-pane shows the character on the"
                + " input line; " + COLUMNS + "x" + ROWS + ", the flooding peer's conversation open; " + keys
                + " keys each, at random gaps of 10-40 ms; poll every " + POLL_NANOS / 1000 + " µs; the flooding"
                + " peer at nice " + nice + ", " + warmUpSeconds + " s of flood before measuring");
        report.say("jar: " + JarPeer.jar() + "; load average at start: "
                + Files.readString(Path.of("/proc/loadavg")).strip());
        try (Labs lab = Labs.create(1)) {
            phases(report, lab, tmp, keys, rate, warmUpSeconds, nice);
        } finally {
            delete(tmp);
        }
    }

    /** The UI in tmux and the flooding peer on the lab's host; both phases, one after the other. */
    private void phases(Report report, Labs lab, Path tmp, int keys, int rate, int warmUpSeconds, int nice)
            throws Exception {
        String ui = String.join(" ", quoted(uiCommand(lab, tmp.resolve("alice"))));
        try (TmuxControl tmux = TmuxControl.start(tmp.resolve("tmux.sock"), COLUMNS, ROWS, "exec " + ui);
             FloodPeer bob = FloodPeer.start(JarPeer.command(niced(nice, lab.exec(1)), "bob", tmp.resolve("bob"),
                     "--no-mdns", "--port", String.valueOf(PORT + 1), "--peer", "127.0.0.1:" + PORT))) {
            bob.awaitOnline(60_000);
            awaitRow(tmux, r -> r.contains(" bob"), "bob in the peer list");
            tmux.keys("Enter"); // the list's first row, bob: open his conversation
            awaitInput(tmux, "bob>");
            long uiPid = uiPid(tmux);

            List<Double> quiet = measure(tmux, keys);
            report.row("baseline, no traffic", quiet);
            summary(report, "baseline", quiet);

            bob.flood("alice", rate);
            TimeUnit.SECONDS.sleep(warmUpSeconds); // the flood's start-up: JIT, the receiver's burst allowance
            long t0 = System.nanoTime();
            long offered0 = bob.offered();
            long delivered0 = bob.delivered();
            long shown0 = highestShown(tmux);
            long[] cpu0 = Proc.cpuTicks(uiPid);
            long[] floodCpu0 = Proc.cpuTicks(bob.pid());
            List<Double> flooded = measure(tmux, keys);
            long[] cpu1 = Proc.cpuTicks(uiPid);
            long[] floodCpu1 = Proc.cpuTicks(bob.pid());
            long shown1 = highestShown(tmux);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double offeredRate = (bob.offered() - offered0) / seconds;
            double deliveredRate = (bob.delivered() - delivered0) / seconds;
            double shownRate = (shown1 - shown0) / seconds;
            bob.stop();
            report.row("flood", flooded);
            summary(report, "flood", flooded);
            report.say(String.format("flood over %.1f s: target %,d/s; offered %,.0f/s; delivered (acknowledged"
                    + " to the flooding peer) %,.0f/s; reaching the screen %,.0f/s (message %d to %d drawn)",
                    seconds, rate, offeredRate, deliveredRate, shownRate, shown0, shown1));
            report.say(String.format("CPU during the flood, in %% of one core: the UI's process %.0f%%, the flooding"
                    + " peer's %.0f%%", percent(cpu0, cpu1, seconds), percent(floodCpu0, floodCpu1, seconds)));
            verdict(report, flooded, Math.min(deliveredRate, shownRate));
            tmux.keys("C-c");
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static double percent(long[] before, long[] after, double seconds) {
        return 100.0 * (after[0] + after[1] - before[0] - before[1]) / Proc.TICKS_PER_SECOND / seconds;
    }

    private static List<String> niced(int nice, List<String> prefix) {
        List<String> out = new ArrayList<>(List.of("nice", "-n", String.valueOf(nice)));
        out.addAll(prefix);
        return out;
    }

    /** The UI as a user starts it, on the lab's host; its state folder is its own. */
    private static List<String> uiCommand(Labs lab, Path home) throws Exception {
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>(lab.exec(1));
        cmd.addAll(List.of(System.getProperty("java.home") + "/bin/java", "-jar", JarPeer.jar().toString(),
                "--home", home.toString(), "--nick", "alice", "--no-mdns", "--port", String.valueOf(PORT)));
        return cmd;
    }

    /** Types a character, times it onto the input line, erases it; {@code keys} times. */
    private List<Double> measure(TmuxControl tmux, int keys) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            String c = String.valueOf((char) ('a' + i % 26));
            long t0 = System.nanoTime();
            tmux.type(c);
            awaitInput(tmux, "bob> " + c);
            ms.add((System.nanoTime() - t0) / 1e6);
            tmux.keys("BSpace");
            awaitInput(tmux, "bob>");
            TimeUnit.MILLISECONDS.sleep(10 + random.nextInt(31)); // keys at random moments of the UI's frames
        }
        return ms;
    }

    private static void awaitInput(TmuxControl tmux, String text) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(KEY_DEADLINE_MILLIS);
        while (!tmux.row(INPUT_ROW).equals(text)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the input line never showed '" + text + "'; the screen:\n"
                        + String.join("\n", tmux.screen()));
            }
            TimeUnit.NANOSECONDS.sleep(POLL_NANOS); // a poll interval: waits on the screen, with a deadline
        }
    }

    private static void awaitRow(TmuxControl tmux, Predicate<String> row, String what)
            throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (tmux.screen().stream().noneMatch(row)) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the UI never showed " + what + "; the screen:\n"
                        + String.join("\n", tmux.screen()));
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** The highest flood message number on the screen, or -1. */
    private static long highestShown(TmuxControl tmux) throws Exception {
        long max = -1;
        for (String row : tmux.screen()) {
            Matcher m = FLOOD_NUMBER.matcher(row);
            while (m.find()) {
                max = Math.max(max, Long.parseLong(m.group(1)));
            }
        }
        return max;
    }

    /** The UI's JVM: the pane's process ({@code exec} and {@code ip netns exec} both replace themselves). */
    private static long uiPid(TmuxControl tmux) throws Exception {
        long pid = Long.parseLong(tmux.display("#{pane_pid}"));
        String comm = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip();
        if (comm.equals("java")) {
            return pid;
        }
        return ProcessHandle.of(pid).orElseThrow().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no java under the pane")).pid();
    }

    private static void summary(Report report, String what, List<Double> ms) {
        double[] a = ms.stream().mapToDouble(Double::doubleValue).toArray();
        report.say(String.format("%-10s n=%d  p50 %.1f ms  p99 %.1f ms  max %.1f ms", what, a.length,
                Stats.quantile(a, 0.5), Stats.quantile(a, 0.99), Stats.max(ms)));
    }

    private static void verdict(Report report, List<Double> flooded, double achievedRate) {
        double p99 = Stats.quantile(flooded.stream().mapToDouble(Double::doubleValue).toArray(), 0.99);
        boolean fast = p99 <= TARGET_P99_MILLIS;
        boolean flood = achievedRate >= TARGET_RATE;
        report.say(String.format("target: p99 <= %.0f ms under a flood of >= %,.0f messages/s: p99 %s; flood %s%s",
                TARGET_P99_MILLIS, TARGET_RATE, fast ? "met" : "NOT met", flood ? "met" : "NOT met",
                flood ? "" : String.format(" (only %,.0f/s achieved, see above)", achievedRate)));
    }

    private static List<String> quoted(List<String> words) {
        List<String> out = new ArrayList<>();
        for (String w : words) {
            out.add("'" + w.replace("'", "'\\''") + "'");
        }
        return out;
    }
}
