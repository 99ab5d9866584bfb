package dev.parley.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * File transfer, file to file, between two hosts of a private namespace LAN (one bridge; nothing leaves the
 * machine): the same file of random bytes (made once, {@code target/bench/files/source-SIZEMiB.bin}) copied
 * from host 1 to host 2 by Parley and, in the same repetition, by {@code scp} and {@code rsync -e ssh}
 * against an {@code sshd} the bench starts on host 2 (port 2222, a throwaway host key and client key made
 * under {@code target/bench/files/ssh}; the client runs with {@code StrictHostKeyChecking=no},
 * {@code UserKnownHostsFile=/dev/null}). Without {@code sshd} or {@code rsync} the bench installs them as root
 * ({@code apt-get install -y openssh-server rsync}) or leaves that baseline out, saying why.
 *
 * <p>Parley: {@code java -jar target/parley.jar --headless --no-mdns} on each host, fresh {@code --home} each
 * repetition, A (host 1) dials B (host 2). Timed from A's {@code /send b FILE} to B's {@code transfer} event
 * with state {@code done}; B answers the offer with {@code /accept ID DIR} as soon as it shows it. Checked:
 * B's {@code sha256} is the source file's, and the file B saved hashes to it too. The baselines are timed from
 * the command's start to its exit; their copies are hashed too. Every copy starts after {@code sync} with
 * the previous copy removed; Parley's time includes its {@code fsync} of the received file (which it does
 * before renaming it into place), the baselines' does not (they do not sync).
 *
 * <p>Chat during the transfer: A sends B one 200-byte {@code /msg} at a time, each timed from the line
 * written to its {@code delivered} status, the next {@code probeMillis} after the last went out: first
 * while idle (after 100 untimed), then throughout the transfer (the samples between B's accept and B's
 * done count), and again, as a control, while scp copies the file (the peers still up, no Parley transfer:
 * the machine as busy with a copy, Parley's transport idle). Target: during Parley's copy p99 at most 2x idle
 * p99 plus 5 ms. Checked: no peer goes offline on either side and no transfer is paused or fails during
 * the run (a session that timed out would show as both). The CPU each copy took (user and system, both
 * ends: the two Parley processes; scp or rsync with its ssh, from bash's {@code times}, and sshd's ended
 * children) is reported per GB beside its rate.
 *
 * <p>Usage: {@code FilesBench [sizeMiB] [repetitions] [idleProbes] [probeMillis] [timeoutSeconds]}, default
 * 1024 3 300 20 300. Report in {@code target/bench/files.txt}; exit 1 if a copy failed its checks. Order in
 * each repetition: Parley, scp (with the control probes), rsync.
 */
public final class FilesBench {
    private static final long START_WAIT = 60_000;
    private static final int SSH_PORT = 2222;
    private static final HexFormat HEX = HexFormat.of();

    private FilesBench() {}

    /** One copy: seconds from start to the copy complete, or why it failed. */
    record Copy(String tool, long bytes, double seconds, double cpuSeconds, String problem) {
        double mbps() {
            return bytes / seconds / 1e6;
        }

        /** CPU seconds (user + system, both ends) per GB copied. */
        double cpuPerGb() {
            return cpuSeconds / (bytes / 1e9);
        }

        String describe() {
            String figure = String.format("%-8s %7.2f s  %7.1f MB/s  cpu %6.2f s (%5.2f s/GB)", tool, seconds, mbps(),
                    cpuSeconds, cpuPerGb());
            return problem == null ? figure : figure + "  ** " + problem;
        }
    }

    /** Chat round trips (ms) idle and during Parley's transfer, and what else was seen during it. */
    record Chat(double[] idle, double[] during, double[] duringScp, String problem) {}

    /** A copy run while Parley's peers are still up (scp, with chat probes alongside). */
    interface Baseline {
        Copy run() throws IOException, InterruptedException;
    }

    public static void main(String[] args) throws Exception {
        int mib = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int idleProbes = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        int probeMillis = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int timeout = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        Report report = new Report("files.txt");
        String why = Labs.unavailableReason();
        if (why != null) {
            report.say("files benchmark skipped: " + why);
            report.write();
            return;
        }
        Path dir = Path.of("target", "bench", "files").toAbsolutePath();
        Files.createDirectories(dir);
        long size = (long) mib << 20;
        Path source = dir.resolve("source-" + mib + "MiB.bin");
        if (!Files.isRegularFile(source) || Files.size(source) != size) {
            System.out.println("making " + source + " (" + mib + " MiB of random bytes)");
            makeRandom(source, size);
        }
        String sha = sha256(source);
        String sshWhy = Ssh.unavailableReason();
        List<Copy> all = new ArrayList<>();
        List<Chat> chats = new ArrayList<>();
        try (Cleanup cleanup = new Cleanup()) {
            Path tmp = cleanup.addTree(Files.createTempDirectory(dir, "run"));
            Labs lab = cleanup.add(Labs.create(2));
            Ssh ssh = null;
            if (sshWhy == null) {
                try {
                    ssh = Ssh.start(cleanup, lab, dir.resolve("ssh"));
                } catch (IOException e) {
                    sshWhy = "sshd did not start: " + e.getMessage();
                }
            }
            report.say(String.format("%s (%d MiB, random, SHA-256 %s…) from host 1 to host 2 of a 2-host namespace LAN;"
                    + " %d repetitions, each: parley, scp, rsync; MB = 10^6 bytes", source.getFileName(), mib,
                    sha.substring(0, 12), reps));
            report.say("  parley: headless jars (--no-mdns, A dials B), /send b FILE on A, /accept ID DIR on B; timed"
                    + " from /send to B's done (hash checked, file fsynced and renamed)");
            report.say("  chat:   200-byte /msg A->B, one at a time every " + probeMillis + " ms, written to"
                    + " 'delivered'; " + idleProbes + " idle (after 100 untimed), then throughout the transfer");
            report.say(ssh != null ? "  ssh:    " + ssh.describe()
                    : "  scp and rsync left out: " + sshWhy);
            for (int r = 1; r <= reps; r++) {
                Path run = tmp.resolve("r" + r);
                Files.createDirectories(run);
                Chat[] chat = new Chat[1];
                Copy[] scp = new Copy[1];
                Ssh s = ssh;
                Baseline baseline = s == null ? null : () -> s.copy("scp", source, run.resolve("scp"), sha, timeout);
                Copy p = parley(cleanup, lab, run, source, sha, idleProbes, probeMillis, timeout, chat, baseline, scp);
                all.add(p);
                report.say(String.format("%-3d %s", r, p.describe()));
                if (scp[0] != null) {
                    all.add(scp[0]);
                    report.say(String.format("%-3d %s", r, scp[0].describe()));
                    if (scp[0].problem == null) {
                        Copy synced = new Copy("scp+sync", scp[0].bytes, ssh.lastSynced, Double.NaN, null);
                        all.add(synced);
                        report.say(String.format("%-3d %-8s %7.2f s  %7.1f MB/s  (scp, then sync: its bytes on disk,"
                                + " as Parley's are when it says done)", r, synced.tool, synced.seconds, synced.mbps()));
                    }
                }
                if (ssh != null) {
                    Copy c = ssh.copy("rsync", source, run.resolve("rsync"), sha, timeout);
                    all.add(c);
                    report.say(String.format("%-3d %s", r, c.describe()));
                }
                if (chat[0] != null) {
                    chats.add(chat[0]);
                    report.say(String.format("    chat round trip p50/p99/max ms: idle %s (%d)  during parley %s (%d)"
                            + "  during scp %s (%d)%s", quantiles(chat[0].idle), chat[0].idle.length,
                            quantiles(chat[0].during), chat[0].during.length, quantiles(chat[0].duringScp),
                            chat[0].duringScp.length, chat[0].problem == null ? "" : "  ** " + chat[0].problem));
                }
            }
            summary(report, all, chats);
        }
        report.write();
        boolean failed = all.stream().anyMatch(c -> c.problem != null)
                || chats.stream().anyMatch(c -> c.problem != null);
        if (failed) {
            System.err.println("files: FAILED (see the lines marked ** above)");
            System.exit(1);
        }
    }

    private static void summary(Report report, List<Copy> all, List<Chat> chats) {
        double parley = medianRate(all, "parley");
        StringBuilder line = new StringBuilder("median MB/s:");
        for (String tool : List.of("parley", "scp", "scp+sync", "rsync")) {
            double m = medianRate(all, tool);
            if (!Double.isNaN(m)) {
                line.append(String.format("  %s %.1f", tool, m));
            }
        }
        report.say(line.toString());
        StringBuilder cpu = new StringBuilder("median CPU s/GB (user + system, both ends):");
        for (String tool : List.of("parley", "scp", "rsync")) {
            double[] c = all.stream().filter(x -> x.tool.equals(tool) && x.problem == null).mapToDouble(Copy::cpuPerGb).toArray();
            if (c.length > 0) {
                cpu.append(String.format("  %s %.2f", tool, Stats.median(c)));
            }
        }
        report.say(cpu.toString());
        for (String tool : List.of("scp", "scp+sync", "rsync")) {
            double m = medianRate(all, tool);
            if (!Double.isNaN(m)) {
                report.say(String.format("parley/%s: %.2fx (ratio of the medians), %.2fx (median of the per-repetition ratios"
                        + " %s)%s", tool, parley / m, Stats.median(ratios(all, tool)), format(ratios(all, tool)),
                        tool.equals("scp") ? "; target >= 1.0x" : ""));
            }
        }
        if (!chats.isEmpty()) {
            double idle = Stats.median(chats.stream().mapToDouble(c -> Stats.quantile(c.idle, 0.99)).toArray());
            double during = Stats.median(chats.stream().mapToDouble(c -> c.during.length == 0 ? Double.NaN
                    : Stats.quantile(c.during, 0.99)).toArray());
            double limit = 2 * idle + 5;
            report.say(String.format("chat p99 (median of the runs): idle %.2f ms, during parley's copy %.2f ms; target <= 2 x"
                    + " idle + 5 = %.2f ms: %s", idle, during, limit, during <= limit ? "met" : "MISSED"));
            double[] scp = chats.stream().filter(c -> c.duringScp.length > 0)
                    .mapToDouble(c -> Stats.quantile(c.duringScp, 0.99)).toArray();
            if (scp.length > 0) {
                report.say(String.format("chat p99 during scp's copy (the same peers, no Parley transfer): %.2f ms",
                        Stats.median(scp)));
            }
            long bad = chats.stream().filter(c -> c.problem != null).count();
            report.say(bad == 0 ? "sessions: no peer went offline and no transfer paused or failed in any run"
                    : "sessions: " + bad + " run(s) had a problem (marked ** above)");
        }
    }

    /** Parley's rate over the tool's, in each repetition both completed (the copies come in order, one of each). */
    private static double[] ratios(List<Copy> all, String tool) {
        List<Double> out = new ArrayList<>();
        Copy p = null;
        for (Copy c : all) {
            if (c.tool.equals("parley")) {
                p = c;
            } else if (c.tool.equals(tool) && p != null && p.problem == null && c.problem == null) {
                out.add(p.mbps() / c.mbps());
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String format(double[] ratios) {
        StringBuilder b = new StringBuilder("[");
        for (double r : ratios) {
            b.append(b.length() == 1 ? "" : " ").append(String.format("%.2f", r));
        }
        return b.append(']').toString();
    }

    private static double medianRate(List<Copy> all, String tool) {
        double[] r = all.stream().filter(c -> c.tool.equals(tool) && c.problem == null).mapToDouble(Copy::mbps).toArray();
        return r.length == 0 ? Double.NaN : Stats.median(r);
    }

    private static String quantiles(double[] ms) {
        if (ms.length == 0) {
            return "-";
        }
        return String.format("%.2f/%.2f/%.2f", Stats.quantile(ms, 0.5), Stats.quantile(ms, 0.99), Stats.quantile(ms, 1.0));
    }

    // ---- Parley

    private static Copy parley(Cleanup cleanup, Labs lab, Path run, Path source, String sha, int idleProbes,
                               int probeMillis, int timeout, Chat[] chatOut, Baseline baseline, Copy[] baselineOut)
            throws Exception {
        long size = Files.size(source);
        Path home = run.resolve("home");
        Path into = run.resolve("parley");
        Files.createDirectories(into);
        sync();
        JarPeer b = cleanup.add(JarPeer.start("b", JarPeer.command(lab.exec(2), "b", home.resolve("b"), "--no-mdns")));
        JarPeer a = cleanup.add(JarPeer.start("a", JarPeer.command(lab.exec(1), "a", home.resolve("a"), "--no-mdns",
                "--peer", lab.address(2) + ":7447")));
        Probe probe = new Probe(a);
        try {
            a.ready(START_WAIT);
            b.ready(START_WAIT);
            a.online("b", START_WAIT);
            b.online("a", START_WAIT);
            String[] texts = EndToEndBench.texts(100 + idleProbes);
            for (int i = 0; i < 100; i++) {
                probe.once(texts[i]);
            }
            double[] idle = new double[idleProbes];
            for (int i = 0; i < idleProbes; i++) {
                idle[i] = probe.paced(texts[100 + i], probeMillis);
            }
            if (probe.problem != null) {
                return new Copy("parley", size, Double.NaN, Double.NaN, "chat while idle: " + probe.problem);
            }
            int seenA = a.count();
            int seenB = b.count();
            Thread prober = new Thread(() -> probe.loop(probeMillis), "bench-files-probe");
            prober.setDaemon(true);
            prober.start();
            long cpu0 = ticks(a) + ticks(b);
            long t0 = System.nanoTime();
            a.send("/send b " + source);
            JsonObject offered = b.await("an offer", START_WAIT, e -> transfer(e, "in", "offered")).event();
            String id = JarPeer.str(offered, "id");
            b.send("/accept " + id + " " + into);
            long accepted = b.await("accepted", START_WAIT, e -> transfer(e, "in", "accepted")
                    || transfer(e, "in", "active")).nanos();
            JarPeer.Timed done = b.await("done", timeout * 1000L, e -> transfer(e, "in", "done")
                    || transfer(e, "in", "failed") || transfer(e, "in", "cancelled"));
            double seconds = (done.nanos() - t0) / 1e9;
            double cpu = (ticks(a) + ticks(b) - cpu0) / (double) Proc.TICKS_PER_SECOND;
            a.await("the sender's done", 30_000, e -> transfer(e, "out", "done") || transfer(e, "out", "failed"));
            probe.stop();
            prober.join(20_000);
            double[] during = probe.between(accepted, done.nanos());
            String problem = null;
            if (!"done".equals(JarPeer.str(done.event(), "state"))) {
                problem = "B's transfer ended " + JarPeer.str(done.event(), "state") + ": " + JarPeer.str(done.event(), "reason");
            } else if (!sha.equals(JarPeer.str(done.event(), "sha256"))) {
                problem = "B's sha256 " + JarPeer.str(done.event(), "sha256") + " is not the source's";
            } else {
                Path saved = Path.of(JarPeer.str(done.event(), "saved_to"));
                if (!Files.isRegularFile(saved) || Files.size(saved) != size || !sha.equals(sha256(saved))) {
                    problem = "the file B saved (" + saved + ") is not the source";
                }
                Files.deleteIfExists(saved);
            }
            String chatProblem = probe.problem;
            if (chatProblem == null) {
                chatProblem = troubleSince(a, seenA, "b");
            }
            if (chatProblem == null) {
                chatProblem = troubleSince(b, seenB, "a");
            }
            double[] duringScp = new double[0];
            if (baseline != null) { // the same chat while scp copies the file: the machine as busy, Parley idle
                Probe second = new Probe(a);
                Thread p2 = new Thread(() -> second.loop(probeMillis), "bench-files-probe-scp");
                p2.setDaemon(true);
                long s0 = System.nanoTime();
                p2.start();
                baselineOut[0] = baseline.run();
                long s1 = System.nanoTime();
                second.stop();
                p2.join(20_000);
                duringScp = second.between(s0, s1);
                if (chatProblem == null && second.problem != null) {
                    chatProblem = "chat during scp: " + second.problem;
                }
            }
            chatOut[0] = new Chat(idle, during, duringScp, chatProblem);
            a.quit();
            b.quit();
            return new Copy("parley", size, seconds, cpu, problem);
        } catch (IllegalStateException e) {
            return new Copy("parley", size, Double.NaN, Double.NaN, e.getMessage() + "; A's last events: " + last(a, 4)
                    + "; B's last events: " + last(b, 4));
        } finally {
            probe.stop();
            a.close();
            b.close();
        }
    }

    private static String last(JarPeer p, int k) {
        List<JarPeer.Timed> all = p.eventsFrom(Math.max(0, p.count() - k));
        return all.stream().map(t -> EndToEndBench.abbreviate(t.event().toString())).toList().toString();
    }

    private static long ticks(JarPeer p) throws IOException {
        long[] t = Proc.cpuTicks(p.pid());
        return t[0] + t[1];
    }

    private static boolean transfer(JsonObject e, String direction, String state) {
        return "transfer".equals(JarPeer.str(e, "event")) && direction.equals(JarPeer.str(e, "direction"))
                && state.equals(JarPeer.str(e, "state"));
    }

    /** Null when, from event {@code from} on, the other peer stayed online and no transfer paused or failed. */
    private static String troubleSince(JarPeer p, int from, String other) {
        for (JarPeer.Timed t : p.eventsFrom(from)) {
            JsonObject e = t.event();
            String event = JarPeer.str(e, "event");
            if ("peer".equals(event) && other.equals(JarPeer.str(e, "nick")) && !"online".equals(JarPeer.str(e, "state"))) {
                return p.nick + " saw " + other + " " + JarPeer.str(e, "state");
            }
            if ("transfer".equals(event) && List.of("paused", "failed", "cancelled").contains(JarPeer.str(e, "state"))) {
                return p.nick + "'s transfer went " + JarPeer.str(e, "state") + ": " + JarPeer.str(e, "reason");
            }
            if ("error".equals(event)) {
                return p.nick + " reported an error: " + EndToEndBench.abbreviate(e.toString());
            }
        }
        return null;
    }

    /**
     * A's chat probe: one {@code /msg b} at a time, timed from the line written to its {@code delivered},
     * seen by a tap on A's output (status lines are taken, everything else is kept). The probe thread (or the
     * benchmark thread) sends; A's reader thread completes.
     */
    private static final class Probe implements JarPeer.Tap {
        private final JarPeer a;
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final List<long[]> samples = new ArrayList<>(); // {sent, delivered}, guarded by this
        private volatile CountDownLatch delivered;
        private volatile long deliveredNanos;
        volatile String problem;
        private int n;

        Probe(JarPeer a) {
            this.a = a;
            a.tap(this);
        }

        @Override
        public boolean take(long nanos, String line) {
            if (!line.startsWith("{\"event\":\"status\"")) {
                return false;
            }
            String status = JarPeer.str(JsonParser.parseString(line).getAsJsonObject(), "status");
            CountDownLatch d = delivered;
            if ("delivered".equals(status) && d != null) {
                deliveredNanos = nanos;
                d.countDown();
            } else if ("failed".equals(status)) {
                fail("a chat message failed: " + line);
            }
            return true;
        }

        /** One round trip in ms (NaN when it did not complete within 20 s). */
        double once(String text) {
            CountDownLatch d = new CountDownLatch(1);
            delivered = d;
            long t0 = System.nanoTime();
            try {
                a.send("/msg b " + text);
                if (!d.await(20, TimeUnit.SECONDS)) {
                    fail("a chat message was not delivered within 20 s");
                    return Double.NaN;
                }
            } catch (IOException e) {
                fail("writing to A failed: " + e);
                return Double.NaN;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Double.NaN;
            }
            long t1 = deliveredNanos;
            synchronized (this) {
                samples.add(new long[] {t0, t1});
            }
            return (t1 - t0) / 1e6;
        }

        /** One round trip, then waits out the rest of {@code millis} from its start (or until stopped). */
        double paced(String text, int millis) {
            long t0 = System.nanoTime();
            double ms = once(text);
            try {
                stopped.await(t0 + TimeUnit.MILLISECONDS.toNanos(millis) - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ms;
        }

        /** Round trips until stopped (the probe thread). */
        void loop(int millis) {
            String[] texts = EndToEndBench.texts(1000);
            while (stopped.getCount() > 0 && problem == null && !Thread.currentThread().isInterrupted()) {
                paced(texts[n++ % texts.length], millis);
            }
        }

        void stop() {
            stopped.countDown();
        }

        /** The round trips (ms) sent at or after {@code from} and delivered by {@code to}. */
        synchronized double[] between(long from, long to) {
            return samples.stream().filter(s -> s[0] >= from && s[1] <= to).mapToDouble(s -> (s[1] - s[0]) / 1e6).toArray();
        }

        private void fail(String what) {
            if (problem == null) {
                problem = what;
            }
            CountDownLatch d = delivered;
            if (d != null) {
                d.countDown();
            }
        }
    }

    // ---- the ssh baselines

    /** An sshd on host 2 with throwaway keys, and the scp and rsync commands that copy to it from host 1. */
    private static final class Ssh {
        private final Labs lab;
        private final Path key;
        private final String version;

        private final long sshdPid;
        /** The last copy's time including the {@code sync} after it. */
        double lastSynced;

        private Ssh(Labs lab, Path key, String version, long sshdPid) {
            this.lab = lab;
            this.key = key;
            this.version = version;
            this.sshdPid = sshdPid;
        }

        /** Null when sshd, scp and rsync are here (installing them as root if they are not), else why not. */
        static String unavailableReason() throws InterruptedException {
            if (missing().isEmpty()) {
                return null;
            }
            if (!new File("/usr/bin/apt-get").canExecute()) {
                return "missing " + missing() + " and no apt-get to install them";
            }
            System.out.println("installing " + missing() + ": apt-get install -y openssh-server rsync");
            String out = quiet(List.of("apt-get", "install", "-y", "-q", "openssh-server", "rsync"));
            if (!missing().isEmpty()) {
                quiet(List.of("apt-get", "update", "-q"));
                out = quiet(List.of("apt-get", "install", "-y", "-q", "openssh-server", "rsync"));
            }
            List<String> still = missing();
            return still.isEmpty() ? null : "missing " + still + "; apt-get install -y openssh-server rsync failed: "
                    + EndToEndBench.abbreviate(out.strip().replace('\n', ' '));
        }

        private static List<String> missing() {
            List<String> m = new ArrayList<>();
            for (String p : List.of("/usr/sbin/sshd", "/usr/bin/ssh-keygen", "/usr/bin/scp", "/usr/bin/rsync")) {
                if (!new File(p).canExecute()) {
                    m.add(p);
                }
            }
            return m;
        }

        /** Output of a command (stdout and stderr); an empty string when it could not run. */
        private static String quiet(List<String> cmd) throws InterruptedException {
            try {
                ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
                pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes());
                p.waitFor();
                return out;
            } catch (IOException e) {
                return e.toString();
            }
        }

        static Ssh start(Cleanup cleanup, Labs lab, Path dir) throws IOException, InterruptedException {
            Files.createDirectories(dir);
            Path hostKey = dir.resolve("host_ed25519");
            Path key = dir.resolve("client_ed25519");
            for (Path k : List.of(hostKey, key)) {
                if (!Files.exists(k)) {
                    runToEnd(List.of("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "parley-bench",
                            "-f", k.toString()));
                }
            }
            Path authorized = dir.resolve("authorized_keys");
            Files.copy(dir.resolve("client_ed25519.pub"), authorized, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Path config = dir.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "ListenAddress " + lab.address(2) + ":" + SSH_PORT,
                    "HostKey " + hostKey,
                    "AuthorizedKeysFile " + authorized,
                    "PermitRootLogin prohibit-password",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PidFile none",
                    "Subsystem sftp internal-sftp",
                    ""));
            Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation directory
            Process sshd = cleanup.add(new ProcessBuilder(prefixed(lab.exec(2), "/usr/sbin/sshd", "-D", "-e",
                    "-f", config.toString())).redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile())
                    .start());
            Ssh ssh = new Ssh(lab, key, "", sshd.pid());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String last = "";
            while (System.nanoTime() < end) {
                if (!sshd.isAlive()) {
                    throw new IOException("sshd exited: " + Files.readString(dir.resolve("sshd.log")).strip());
                }
                Result r = ssh.exec(ssh.sshCommand("true"), 15);
                if (r.status == 0) {
                    String v = quiet(List.of("/usr/bin/ssh", "-V")).strip();
                    String cipher = ssh.negotiated();
                    return new Ssh(lab, key, v + "; " + cipher, sshd.pid());
                }
                last = r.output;
                stopped(250);
            }
            throw new IOException("no ssh login within 30 s: " + last.strip());
        }

        /** The cipher ssh negotiates with this sshd, from the client's debug output. */
        private String negotiated() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(sshCommand("true"));
            cmd.add(1, "-v");
            Result r = exec(cmd, 15);
            for (String line : r.output.split("\n")) {
                if (line.contains("kex: server->client cipher:")) {
                    return "cipher " + line.substring(line.indexOf("cipher:") + 7).strip();
                }
            }
            return "cipher not reported";
        }

        String describe() {
            return version + "; sshd on host 2 port " + SSH_PORT + ", scp and rsync -e ssh from host 1, default options";
        }

        private List<String> sshOptions() {
            return List.of("-i", key.toString(), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR");
        }

        private List<String> sshCommand(String remote) {
            List<String> c = new ArrayList<>(List.of("/usr/bin/ssh", "-p", String.valueOf(SSH_PORT)));
            c.addAll(sshOptions());
            c.add("root@" + lab.address(2));
            c.add(remote);
            return c;
        }

        Copy copy(String tool, Path source, Path into, String sha, int timeout) throws IOException, InterruptedException {
            Files.createDirectories(into);
            Path target = into.resolve(source.getFileName());
            List<String> cmd = new ArrayList<>();
            if (tool.equals("scp")) {
                cmd.addAll(List.of("/usr/bin/scp", "-q", "-P", String.valueOf(SSH_PORT)));
                cmd.addAll(sshOptions());
                cmd.add(source.toString());
                cmd.add("root@" + lab.address(2) + ":" + target);
            } else {
                cmd.addAll(List.of("/usr/bin/rsync", "-e", "/usr/bin/ssh -p " + SSH_PORT + " " + String.join(" ", sshOptions())));
                cmd.add(source.toString());
                cmd.add("root@" + lab.address(2) + ":" + into + "/");
            }
            long size = Files.size(source);
            sync();
            long server0 = serverTicks();
            // the client's CPU (scp or rsync and its ssh) from the shell's times, printed last on stderr
            List<String> timed = List.of("/bin/bash", "-c", "\"$@\"; s=$?; times >&2; exit $s", "copy");
            List<String> wrapped = new ArrayList<>(timed);
            wrapped.addAll(cmd);
            long t0 = System.nanoTime();
            Result r = exec(wrapped, timeout);
            double seconds = (System.nanoTime() - t0) / 1e9;
            sync(); // what the copy left for the disk to write (Parley's time includes its fsync)
            lastSynced = (System.nanoTime() - t0) / 1e9;
            double cpu = (clientTicks(r.output) + serverTicksAfter(server0)) / (double) Proc.TICKS_PER_SECOND;
            String problem = null;
            if (r.status != 0) {
                problem = tool + " exited " + r.status + ": " + EndToEndBench.abbreviate(r.output.strip());
            } else if (!Files.isRegularFile(target) || Files.size(target) != size || !sha.equals(sha256(target))) {
                problem = "the copy " + target + " is not the source";
            }
            Files.deleteIfExists(target);
            return new Copy(tool, size, seconds, cpu, problem);
        }

        /** sshd's ended children's CPU: each connection's sshd, with what it ran (sftp-server, rsync), once reaped. */
        private long serverTicks() throws IOException {
            long[] t = Proc.childTicks(sshdPid);
            return t[0] + t[1];
        }

        /** The ticks the connection used, once sshd has reaped it (waits up to 10 s for that). */
        private long serverTicksAfter(long before) throws IOException, InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Path children = Path.of("/proc", String.valueOf(sshdPid), "task", String.valueOf(sshdPid), "children");
            while (System.nanoTime() < end && !Files.readString(children).isBlank()) {
                stopped(20);
            }
            return serverTicks() - before;
        }

        /** Children's user and system time from bash's {@code times} (its second line, {@code 0m1.234s 0m0.567s}). */
        private static long clientTicks(String output) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("(\\d+)m([\\d.]+)s (\\d+)m([\\d.]+)s\\s*$").matcher(output.strip());
            if (!m.find()) {
                return 0;
            }
            double s = Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                    + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
            return Math.round(s * Proc.TICKS_PER_SECOND);
        }

        private record Result(int status, String output) {}

        /** Runs {@code cmd} on host 1 to its end (killed after {@code seconds}: status -1). */
        private Result exec(List<String> cmd, int seconds) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(prefixed(lab.exec(1), cmd.toArray(String[]::new))).redirectErrorStream(true).start();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (InputStream in = p.getInputStream()) {
                    out.append(new String(in.readAllBytes()));
                } catch (IOException e) {
                    // ended
                }
            }, "bench-files-ssh-out");
            reader.setDaemon(true);
            reader.start();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                Cleanup.kill(p);
                reader.join(5_000);
                return new Result(-1, "timed out after " + seconds + " s; " + out);
            }
            reader.join(5_000);
            return new Result(p.exitValue(), out.toString());
        }
    }

    // ---- helpers

    private static List<String> prefixed(List<String> prefix, String... cmd) {
        List<String> c = new ArrayList<>(prefix);
        c.addAll(List.of(cmd));
        return c;
    }

    /** Waits {@code millis} on nothing (pacing a poll for a condition that has its own deadline). */
    private static void stopped(long millis) throws InterruptedException {
        new CountDownLatch(1).await(millis, TimeUnit.MILLISECONDS);
    }

    private static void sync() throws IOException, InterruptedException {
        runToEnd(List.of("sync"));
    }

    private static void runToEnd(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }

    private static void makeRandom(Path file, long size) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Random random = new Random(); // incompressible is all a copy needs; SecureRandom would take minutes
        byte[] buf = new byte[1 << 20];
        try (var out = Files.newOutputStream(part)) {
            for (long done = 0; done < size; done += buf.length) {
                random.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
        Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HEX.formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
