package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovery as a user sees it, in a namespace lab (mDNS stays inside it), with {@code java -jar}
 * processes in headless mode. "Lists" means the {@code peer} event with state {@code online}: found by
 * mDNS, dialled and authenticated.
 * <ul>
 *   <li>Newcomer: hosts 1 and 2 run a peer each; a peer with a fresh identity starts on host 3, and we
 *       take the time from its launch (and from its {@code ready}) until each of the others lists it, and
 *       until it lists both; then it quits. Repeated {@code runs} times.</li>
 *   <li>Crowd: {@code crowd - 1} hosts start a peer each at once, and we take the time until every
 *       peer lists every other, from the launch and from the last {@code ready} (on two cores, that
 *       many JVMs starting at once take seconds of CPU, so the CPU they used is reported too). Then
 *       a newcomer joins on the last host, {@code crowdRuns} times, timed until all {@code crowd}
 *       list one another.</li>
 * </ul>
 * Usage: {@code DiscoveryBench [runs] [crowd] [crowdRuns]}. Report in {@code target/bench/discovery.txt}.
 */
public final class DiscoveryBench {
    private static final long WAIT = 60_000;

    private DiscoveryBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int crowd = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int crowdRuns = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Report report = new Report("discovery.txt");
        String why = Labs.unavailableReason();
        if (why != null) {
            report.say("discovery benchmark skipped: " + why);
            report.write();
            return;
        }
        Path tmp = Files.createTempDirectory("parley-bench-discovery");
        newcomer(report, tmp, runs);
        if (crowd > 1) {
            crowd(report, tmp, crowd, crowdRuns);
        }
        report.write();
    }

    private static void newcomer(Report report, Path tmp, int runs) throws Exception {
        List<Double> listedByOthers = new ArrayList<>();
        List<Double> listedByOthersFromReady = new ArrayList<>();
        List<Double> listsOthers = new ArrayList<>();
        List<Double> listsOthersFromReady = new ArrayList<>();
        List<Double> ready = new ArrayList<>();
        try (Labs lab = Labs.create(3)) {
            JarPeer a = JarPeer.start("a", JarPeer.command(lab.exec(1), "a", tmp.resolve("a")));
            JarPeer b = JarPeer.start("b", JarPeer.command(lab.exec(2), "b", tmp.resolve("b")));
            try {
                a.online("b", WAIT);
                b.online("a", WAIT);
                for (int r = 0; r < runs; r++) {
                    String nick = "new" + r;
                    try (JarPeer n = JarPeer.start(nick, JarPeer.command(lab.exec(3), nick, tmp.resolve(nick)))) {
                        long readyAt = n.ready(WAIT).nanos();
                        ready.add(ms(readyAt - n.launchedNanos));
                        long latest = 0;
                        for (JarPeer other : List.of(a, b)) {
                            long at = other.online(nick, WAIT).nanos();
                            listedByOthers.add(ms(at - n.launchedNanos));
                            listedByOthersFromReady.add(ms(at - readyAt));
                            latest = Math.max(latest, n.online(other.nick, WAIT).nanos());
                        }
                        listsOthers.add(ms(latest - n.launchedNanos));
                        listsOthersFromReady.add(ms(latest - readyAt));
                        n.quit();
                    }
                }
            } finally {
                a.close();
                b.close();
            }
        }
        report.say("newcomer on a 3-host namespace LAN, " + runs + " runs (fresh identity each run)");
        report.row("newcomer: launch to ready", ready);
        report.row("launch -> each other peer lists newcomer", listedByOthers);
        report.row("launch -> newcomer lists both others", listsOthers);
        report.row("ready -> each other peer lists newcomer", listedByOthersFromReady);
        report.row("ready -> newcomer lists both others", listsOthersFromReady);
    }

    /**
     * {@code hosts - 1} peers started at once and left to mesh; then, {@code runs} times, a newcomer with
     * a fresh identity on the last host, timed until the full mesh of {@code hosts} includes it.
     */
    private static void crowd(Report report, Path tmp, int hosts, int runs) throws Exception {
        List<Double> joinedFromLaunch = new ArrayList<>();
        List<Double> joinedFromReady = new ArrayList<>();
        List<Double> newcomerCpu = new ArrayList<>();
        int settled = hosts - 1;
        try (Labs lab = Labs.create(hosts)) {
            List<JarPeer> peers = new ArrayList<>();
            try {
                long t0 = System.nanoTime();
                for (int i = 1; i <= settled; i++) {
                    String nick = "c" + i;
                    peers.add(JarPeer.start(nick, JarPeer.command(lab.exec(i), nick, tmp.resolve(nick))));
                }
                long ready = 0;
                for (JarPeer p : peers) {
                    ready = Math.max(ready, p.ready(WAIT).nanos());
                }
                long full = 0;
                for (JarPeer p : peers) {
                    for (JarPeer q : peers) {
                        if (p != q) {
                            full = Math.max(full, p.online(q.nick, WAIT).nanos());
                        }
                    }
                }
                double cpu = 0;
                for (JarPeer p : peers) {
                    long[] ticks = Proc.cpuTicks(p.pid());
                    cpu += (ticks[0] + ticks[1]) / (double) Proc.TICKS_PER_SECOND;
                }
                report.say(settled + " hosts started at once (two cores for all of them): every peer lists every other");
                report.say(String.format("%-44s %6.0f ms", "launch of all -> last peer ready", ms(ready - t0)));
                report.say(String.format("%-44s %6.0f ms", "launch of all -> fully listed", ms(full - t0)));
                report.say(String.format("%-44s %6.0f ms", "last ready -> fully listed", ms(full - ready)));
                report.say(String.format("%-44s %6.1f s (%.2f s a peer)", "CPU used by the peers until then", cpu, cpu / settled));
                for (int r = 0; r < runs; r++) {
                    String nick = "n" + r;
                    try (JarPeer n = JarPeer.start(nick, JarPeer.command(lab.exec(hosts), nick, tmp.resolve(nick)))) {
                        long readyAt = n.ready(WAIT).nanos();
                        long last = 0;
                        for (JarPeer p : peers) {
                            last = Math.max(last, p.online(nick, WAIT).nanos());
                            last = Math.max(last, n.online(p.nick, WAIT).nanos());
                        }
                        joinedFromLaunch.add(ms(last - n.launchedNanos));
                        joinedFromReady.add(ms(last - readyAt));
                        long[] ticks = Proc.cpuTicks(n.pid());
                        newcomerCpu.add(1000.0 * (ticks[0] + ticks[1]) / Proc.TICKS_PER_SECOND);
                        n.quit();
                    }
                }
            } finally {
                for (JarPeer p : peers) {
                    p.close();
                }
            }
        }
        report.say("a newcomer joins the " + settled + ": time until all " + hosts + " list one another, " + runs + " runs");
        report.row("newcomer's launch -> " + hosts + " fully listed", joinedFromLaunch);
        report.row("newcomer's ready -> " + hosts + " fully listed", joinedFromReady);
        report.row("newcomer's CPU by then (start-up included)", newcomerCpu);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
