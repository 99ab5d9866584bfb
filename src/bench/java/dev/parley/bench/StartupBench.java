package dev.parley.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Start-up as a user sees it, {@code java -jar target/parley.jar}, timed from process launch:
 * <ul>
 *   <li>the JVM's own floor: a class that prints one line and exits (the baseline);</li>
 *   <li>{@code --headless} to its {@code ready} event with an existing identity, {@code --no-mdns}, on
 *       loopback, and with mDNS inside a one-host namespace lab when one can be made;</li>
 *   <li>the first run ever (identity created);</li>
 *   <li>the full-screen UI to its first complete drawing, in a detached tmux (polling the pane for the
 *       footer, the last row drawn).</li>
 * </ul>
 * Usage: {@code StartupBench [runs]}. Report in {@code target/bench/startup.txt}.
 */
public final class StartupBench {
    private StartupBench() {}

    /** The JVM floor: prints one line. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("{\"event\":\"ready\"}");
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path tmp = Files.createTempDirectory("parley-bench-startup");
        Report report = new Report("startup.txt");
        String before = System.getProperty("parley.before.jar");
        report.say("start-up, " + runs + " runs, each kind in turn within a run so that the machine's load hits all"
                + " alike; ms from process launch (median / worst)");
        Path home = tmp.resolve("home");
        once(JarPeer.command(List.of(), "warm", home, "--no-mdns", "--port", "0")); // creates the identity
        String why = Labs.unavailableReason();
        boolean tmux = hasTmux();
        List<Double> floor = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        List<Double> readyBefore = new ArrayList<>();
        List<Double> first = new ArrayList<>();
        List<Double> mdns = new ArrayList<>();
        List<Double> ui = new ArrayList<>();
        try (Labs lab = why == null ? Labs.create(1) : null) {
            for (int r = 0; r < runs; r++) {
                floor.add(once(List.of(System.getProperty("java.home") + "/bin/java", "-cp",
                        System.getProperty("java.class.path"), Hello.class.getName())));
                ready.add(once(JarPeer.command(List.of(), "s", home, "--no-mdns", "--port", "0")));
                if (before != null) {
                    List<String> cmd = new ArrayList<>(JarPeer.command(List.of(), "s", home, "--no-mdns", "--port", "0"));
                    cmd.set(cmd.indexOf(JarPeer.jar().toString()), Path.of(before).toAbsolutePath().toString());
                    readyBefore.add(once(cmd));
                }
                first.add(once(JarPeer.command(List.of(), "f", tmp.resolve("first" + r), "--no-mdns", "--port", "0")));
                if (lab != null) {
                    mdns.add(once(JarPeer.command(lab.exec(1), "m", home, "--port", "0")));
                }
                if (tmux) {
                    ui.add(firstDraw(home, r));
                }
            }
        }
        report.row("JVM floor (hello world, baseline)", floor);
        report.row("--headless to ready (--no-mdns)", ready);
        report.say(String.format("%-44s %.2f", "ratio ready / JVM floor (medians)", Stats.median(ready) / Stats.median(floor)));
        if (before != null) {
            report.row("same, jar " + before, readyBefore);
            report.say(String.format("%-44s %.2f", "ratio this jar / that jar (medians)", Stats.median(ready) / Stats.median(readyBefore)));
        }
        report.row("--headless to ready, first run (new identity)", first);
        report.row("--headless to ready, mDNS on (namespace)", mdns.isEmpty() ? List.of(Double.NaN) : mdns);
        if (why != null) {
            report.say("mDNS start-up skipped: " + why);
        }
        report.row("full-screen UI to first full drawing", ui.isEmpty() ? List.of(Double.NaN) : ui);
        if (!tmux) {
            report.say("UI start-up skipped: no tmux");
        }
        report.write();
    }

    /** Launches, waits for the first event (ready), quits; ms from launch to that line. */
    static double once(List<String> command) throws Exception {
        try (JarPeer p = JarPeer.start("startup", command)) {
            double ms = p.millisTo("ready", 30_000, e -> "ready".equals(JarPeer.str(e, "event")));
            p.quit();
            return ms;
        }
    }

    private static boolean hasTmux() {
        try {
            return new ProcessBuilder("tmux", "-V").start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts the UI in a detached 120x40 tmux session; ms until the footer (drawn last) shows. */
    private static double firstDraw(Path home, int run) throws Exception {
        String session = "parley-bench-ui-" + ProcessHandle.current().pid() + "-" + run;
        String cmd = System.getProperty("java.home") + "/bin/java -jar " + JarPeer.jar() + " --home " + home
                + " --nick ui --no-mdns --port 0";
        long t0 = System.nanoTime();
        run("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40", cmd);
        try {
            long end = t0 + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < end) {
                String screen = run("tmux", "capture-pane", "-p", "-t", session);
                if (screen.contains("Ctrl-C quit")) {
                    return (System.nanoTime() - t0) / 1e6;
                }
                Thread.sleep(2); // polling the pane: there is no event to wait on
            }
            throw new IllegalStateException("the UI did not draw within 30 s");
        } finally {
            run("tmux", "kill-session", "-t", session);
        }
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }
}
