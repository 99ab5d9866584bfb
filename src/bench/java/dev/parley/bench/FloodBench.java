package dev.parley.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A receiver under a flood, as its user feels it: four hosts on a private namespace LAN, each running
 * {@code java -jar target/parley.jar --headless --no-mdns} with a fresh {@code --home} (so a fresh
 * identity): the receiver R on host 1, two flooders F1 and F2 on hosts 2 and 3, a probe peer P on host 4;
 * F1, F2 and P dial R ({@code --peer}). This harness reads R's standard output all along (it is the
 * user's end of R) and counts what it shows as it comes.
 * <ul>
 *   <li>First {@code idleSeconds} with P alone (after 2 s of probes not counted, to warm up): P sends R a short message every 100 ms, and the latency
 *       of each, from the moment the harness writes P's {@code /msg} line to the moment R's output shows
 *       that {@code message} event (one machine, one clock: {@link System#nanoTime}), is the baseline;
 *       so is R's resident memory then.</li>
 *   <li>Then {@code seconds} of flood: F1 and F2 each send R distinct messages of 16384 characters with
 *       non-Latin-1 ones among them ('é', '✓': Java holds such text as UTF-16), as fast as they go, each
 *       flooder's outbox kept topped up to {@code window} messages not yet delivered (counted from its
 *       {@code status} events; writing without a bound would measure the flooder's queue, not the
 *       receiver). P goes on probing.</li>
 * </ul>
 * Reported: the probes' latency (p50, p99, max) and how many arrived, idle and under the flood; R's
 * resident memory ({@code VmRSS} of the java process, every second), per minute of the flood (min, max),
 * its peak and its growth from the first minute to the end; the messages a second R showed from each
 * flooder, and its CPU. Checked: R shows each flooder's messages once each and in order (exit 1
 * otherwise). Usage: {@code FloodBench [seconds] [idleSeconds] [window]}, default 600 10 200. Report in
 * {@code target/bench/flood.txt}.
 */
public final class FloodBench {
    static final int CHARS = 16_384;
    private static final long START_WAIT = 60_000;
    private static final long PROBE_EVERY = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GRACE = TimeUnit.SECONDS.toNanos(10);
    /** P's first probes, not counted: its path and R's through the code are still being compiled. */
    private static final long WARM_UP = TimeUnit.SECONDS.toNanos(2);
    /** About one character in 32 is 'é' or '✓'. */
    private static final String FILLER = filler();

    private FloodBench() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        int idle = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Report report = new Report("flood.txt");
        String why = Labs.unavailableReason();
        if (why != null) {
            report.say("flood benchmark skipped: " + why);
            report.write();
            return;
        }
        boolean ok;
        try (Cleanup cleanup = new Cleanup()) {
            ok = run(report, cleanup, seconds, idle, window);
        }
        report.write();
        if (!ok) {
            System.err.println("flood: FAILED (see the lines marked ** above)");
            System.exit(1);
        }
    }

    private static boolean run(Report report, Cleanup cleanup, int seconds, int idle, int window) throws Exception {
        Path tmp = cleanup.addTree(Files.createTempDirectory("parley-bench-flood"));
        Labs lab = cleanup.add(Labs.create(4));
        String dial = lab.address(1) + ":7447";
        List<String> rCommand = new ArrayList<>(JarPeer.command(lab.exec(1), "r", tmp.resolve("r"), "--no-mdns"));
        String rJvm = System.getProperty("parley.receiver.jvm", "").strip();
        if (!rJvm.isEmpty()) { // JVM options for R alone, e.g. -Dparley.receiver.jvm=-Xmx128m
            rCommand.addAll(rCommand.indexOf("-jar"), List.of(rJvm.split("\\s+")));
        }
        JarPeer r = cleanup.add(JarPeer.start("r", rCommand));
        String fpR = JarPeer.str(r.ready(START_WAIT).event(), "fingerprint");
        List<JarPeer> others = new ArrayList<>();
        for (String nick : List.of("f1", "f2", "p")) {
            int host = others.size() + 2;
            others.add(cleanup.add(JarPeer.start(nick, JarPeer.command(lab.exec(host), nick, tmp.resolve(nick),
                    "--no-mdns", "--peer", dial))));
        }
        String[] fps = new String[3];
        for (int i = 0; i < 3; i++) {
            JarPeer o = others.get(i);
            fps[i] = JarPeer.str(o.ready(START_WAIT).event(), "fingerprint");
            o.online("r", START_WAIT);
            r.online(o.nick, START_WAIT);
        }
        long rssPid = javaPid(r);
        int probes = (idle + seconds) * 10 + 50;
        Receiver inbox = new Receiver(fps[0], fps[1], fps[2], probes, seconds + 30);
        r.tap(inbox);
        Outbox[] flooders = {new Outbox(others.get(0), "f1", fpR, window), new Outbox(others.get(1), "f2", fpR, window)};
        Probe probe = new Probe(others.get(2), fpR, inbox);

        report.say("flood: R (host 1) gets " + CHARS + "-character messages ('é', '✓' among them) from F1 and F2"
                + " (hosts 2, 3; at most " + window + " undelivered each) while P (host 4) sends it a short message"
                + " every 100 ms; " + idle + " s with P alone (after 2 s of warm-up), then " + seconds + " s of flood");
        report.say("  R's JVM options: " + (rJvm.isEmpty() ? "none (the JVM's defaults)" : rJvm));
        report.say("  all four: java -jar " + JarPeer.jar().getFileName() + " --headless --no-mdns, fresh --home,"
                + " F1, F2 and P dial R (--peer); R's output read all along by this harness; R's java pid "
                + rssPid + (rssPid == r.pid() ? " (ip netns exec runs it in place)" : " (a child of pid " + r.pid() + ")"));

        List<long[]> rss = new ArrayList<>(); // {nanos, kB}
        long t0 = System.nanoTime();
        probe.start(t0);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(WARM_UP));
        long idleStart = System.nanoTime();
        sampleUntil(rss, rssPid, idleStart, idleStart + TimeUnit.SECONDS.toNanos(idle), inbox, flooders, "idle");
        long floodStart = System.nanoTime();
        long[] cpu0 = Proc.cpuTicks(rssPid);
        inbox.floodStart = floodStart;
        for (Outbox f : flooders) {
            f.start();
        }
        long floodEnd = floodStart + TimeUnit.SECONDS.toNanos(seconds);
        sampleUntil(rss, rssPid, floodStart, floodEnd, inbox, flooders, "flood");
        long[] cpu1 = Proc.cpuTicks(rssPid);
        floodEnd = System.nanoTime();
        inbox.floodEnd = floodEnd;
        for (Outbox f : flooders) {
            f.stop();
        }
        probe.stop();
        // The probes still on their way: wait for them (not for the flooders' backlog) a little.
        long graceEnd = System.nanoTime() + GRACE;
        while (inbox.probesArrived() < probe.sent() && System.nanoTime() < graceEnd) {
            Thread.sleep(50);
        }
        for (JarPeer p : others) {
            p.close();
        }
        r.close();
        for (JarPeer p : others) {
            p.awaitEof(10_000);
        }
        r.awaitEof(10_000);

        boolean ok = true;
        ok &= latency(report, probe, inbox, idleStart, floodStart);
        ok &= flooded(report, inbox, flooders, floodStart, floodEnd, (cpu1[0] + cpu1[1] - cpu0[0] - cpu0[1])
                / (double) Proc.TICKS_PER_SECOND);
        memory(report, rss, floodStart, floodEnd, inbox, probe);
        for (JarPeer p : List.of(r, others.get(0), others.get(1), others.get(2))) {
            if (p.tapFailure() != null) {
                report.say("** " + p.nick + "'s events could not be read: " + p.tapFailure());
                ok = false;
            }
        }
        for (Outbox f : flooders) {
            if (f.problem != null) {
                report.say("** " + f.name + ": " + f.problem);
                ok = false;
            }
        }
        if (probe.problem != null) {
            report.say("** p: " + probe.problem);
            ok = false;
        }
        return ok;
    }

    /** The pid of the java process itself: {@code ip netns exec} execs it in place, but check. */
    private static long javaPid(JarPeer p) throws IOException {
        if (isJava(p.pid())) {
            return p.pid();
        }
        Optional<ProcessHandle> child = ProcessHandle.of(p.pid()).stream().flatMap(ProcessHandle::descendants)
                .filter(h -> isJava(h.pid())).findFirst();
        return child.orElseThrow(() -> new IOException("no java process at or under pid " + p.pid())).pid();
    }

    private static boolean isJava(long pid) {
        try {
            return Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).strip().equals("java");
        } catch (IOException gone) {
            return false;
        }
    }

    /** R's resident memory once a second until {@code end}, with a line of progress every ten. */
    private static void sampleUntil(List<long[]> rss, long pid, long from, long end, Receiver inbox,
                                    Outbox[] flooders, String phase) throws IOException, InterruptedException {
        long next = System.nanoTime();
        for (int k = 0; ; k++) {
            long now = System.nanoTime();
            rss.add(new long[] {now, Proc.rssKb(pid)});
            if (k > 0 && k % 10 == 0) {
                System.out.printf("  ... %s %3.0f s: R rss %.0f MB, shown f1 %d f2 %d, probes %d%n", phase,
                        (now - from) / 1e9, rss.get(rss.size() - 1)[1] / 1024.0, inbox.flooded[0], inbox.flooded[1],
                        inbox.probesArrived());
            }
            next += TimeUnit.SECONDS.toNanos(1);
            if (next - end > 0) {
                TimeUnit.NANOSECONDS.sleep(Math.max(0, end - System.nanoTime()));
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        }
    }

    // ---- the report

    private static boolean latency(Report report, Probe probe, Receiver inbox, long idleStart, long floodStart) {
        report.say("probe latency, P's /msg line written -> R's message event (the first "
                + TimeUnit.NANOSECONDS.toSeconds(WARM_UP) + " s of probes not counted):");
        List<Double> idle = new ArrayList<>();
        List<Double> flood = new ArrayList<>();
        int idleSent = 0;
        int floodSent = 0;
        for (int k = 0; k < probe.sent(); k++) {
            long sent = probe.sentNanos.get(k);
            long at = inbox.probeArrival[k];
            if (sent < idleStart) {
                continue;
            }
            boolean inIdle = sent < floodStart;
            if (inIdle) {
                idleSent++;
            } else {
                floodSent++;
            }
            if (at != 0) {
                (inIdle ? idle : flood).add((at - sent) / 1e6);
            }
        }
        double[] idleStats = latencyRow(report, "  idle (P alone)", idle, idleSent);
        double[] floodStats = latencyRow(report, "  under the flood", flood, floodSent);
        if (idleStats != null && floodStats != null) {
            report.say(String.format("  flood/idle: p50 %.2fx  p99 %.2fx  max %.2fx", floodStats[0] / idleStats[0],
                    floodStats[1] / idleStats[1], floodStats[2] / idleStats[2]));
        }
        boolean ok = true;
        if (inbox.probeProblem != null) {
            report.say("** probes: " + inbox.probeProblem);
            ok = false;
        }
        return ok;
    }

    /** {p50, p99, max} in ms, or null with none. */
    private static double[] latencyRow(Report report, String what, List<Double> ms, int sent) {
        if (ms.isEmpty()) {
            report.say(String.format("%-18s arrived 0 of %d", what, sent));
            return null;
        }
        double[] s = ms.stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = {Stats.quantile(s, 0.5), Stats.quantile(s, 0.99), Stats.max(ms)};
        report.say(String.format("%-18s arrived %5d of %5d   p50 %8.1f ms   p99 %8.1f ms   max %8.1f ms", what,
                ms.size(), sent, q[0], q[1], q[2]));
        return q;
    }

    private static boolean flooded(Report report, Receiver inbox, Outbox[] flooders, long floodStart, long floodEnd,
                                   double cpuSeconds) {
        double seconds = (floodEnd - floodStart) / 1e9;
        report.say(String.format("R during the %.0f s flood: CPU %.0f%% of a core", seconds, 100 * cpuSeconds / seconds));
        boolean ok = true;
        for (int f = 0; f < 2; f++) {
            Outbox o = flooders[f];
            int shown = inbox.floodedInWindow[f];
            report.say(String.format("  from %s: shown %7d  %8.1f msg/s  (%5.2f MB/s of UTF-8 text);"
                            + " %s wrote %d, %d delivered", o.name, shown, shown / seconds,
                    shown / seconds * o.utf8Bytes / 1e6, o.name, o.written, o.delivered));
            if (inbox.orderProblem[f] != null) {
                report.say("** " + o.name + "'s messages at R: " + inbox.orderProblem[f]);
                ok = false;
            }
        }
        return ok;
    }

    private static void memory(Report report, List<long[]> rss, long floodStart, long floodEnd, Receiver inbox,
                               Probe probe) {
        List<Double> idle = new ArrayList<>();
        List<List<Double>> minutes = new ArrayList<>();
        double peak = 0;
        double peakAt = 0;
        for (long[] s : rss) {
            double mb = s[1] / 1024.0;
            if (s[0] < floodStart) {
                idle.add(mb);
                continue;
            }
            int m = (int) ((s[0] - floodStart) / TimeUnit.SECONDS.toNanos(60));
            while (minutes.size() <= m) {
                minutes.add(new ArrayList<>());
            }
            minutes.get(m).add(mb);
            if (mb > peak) {
                peak = mb;
                peakAt = (s[0] - floodStart) / 1e9;
            }
        }
        report.say("R's resident memory (VmRSS, every second):");
        if (!idle.isEmpty()) {
            report.say(String.format("  idle: median %.1f MB", Stats.median(idle)));
        }
        // per minute: the memory, and what R showed and how the probes fared in it
        for (int m = 0; m < minutes.size(); m++) {
            long from = floodStart + TimeUnit.SECONDS.toNanos(60L * m);
            long to = Math.min(floodEnd, from + TimeUnit.SECONDS.toNanos(60));
            int[] shown = {inbox.shownBetween(0, from, to), inbox.shownBetween(1, from, to)};
            List<Double> lat = new ArrayList<>();
            for (int k = 0; k < probe.sent(); k++) {
                long sent = probe.sentNanos.get(k);
                if (sent >= from && sent < to && inbox.probeArrival[k] != 0) {
                    lat.add((inbox.probeArrival[k] - sent) / 1e6);
                }
            }
            String probes = lat.isEmpty() ? "no probes arrived" : String.format("probe p50 %.1f ms, max %.1f ms",
                    Stats.median(lat), Stats.max(lat));
            report.say(String.format("  minute %2d (%3d-%3d s): min %7.1f MB  max %7.1f MB;  shown f1 %6d  f2 %6d;  %s",
                    m + 1, 60 * m, Math.round((to - floodStart) / 1e9), Stats.min(minutes.get(m)),
                    Stats.max(minutes.get(m)), shown[0], shown[1], probes));
        }
        if (minutes.isEmpty()) {
            return;
        }
        double end = rss.get(rss.size() - 1)[1] / 1024.0;
        double first = Stats.max(minutes.get(0));
        report.say(String.format("  peak %.1f MB (at %.0f s); at the end %.1f MB; growth from minute 1 (its max) to the"
                + " end %+.1f MB (%.2fx)%s", peak, peakAt, end, end - first, end / first,
                idle.isEmpty() ? "" : String.format("; end/idle %.2fx", end / Stats.median(idle))));
    }

    // ---- the peers' ends

    /** R's output, on its reader thread: the probes' arrivals, and each flooder's messages, counted and checked. */
    private static final class Receiver implements JarPeer.Tap {
        private static final String MESSAGE = "\"event\":\"message\"";
        private static final String FROM = "\"from\":\"";
        private static final String TEXT = "\"text\":\"";
        private final String[] from; // f1, f2
        private final String probeFrom;
        final long[] probeArrival;
        private final BitSet probesSeen = new BitSet();
        private volatile int probesArrived;
        volatile String probeProblem;
        /** Per flooder: shown in all, shown within the flood, per second of the flood. */
        final int[] flooded = new int[2];
        final int[] floodedInWindow = new int[2];
        private final int[][] perSecond;
        private final int[] nextSeq = new int[2];
        final String[] orderProblem = new String[2];
        volatile long floodStart = Long.MAX_VALUE;
        volatile long floodEnd = Long.MAX_VALUE;

        Receiver(String f1, String f2, String probe, int probes, int seconds) {
            this.from = new String[] {f1, f2};
            this.probeFrom = probe;
            this.probeArrival = new long[probes];
            this.perSecond = new int[2][seconds + 1];
        }

        @Override
        public boolean take(long nanos, String line) {
            if (!line.contains(MESSAGE)) {
                return false;
            }
            int at = line.indexOf(FROM);
            String sender = at < 0 ? "" : line.substring(at + FROM.length(), line.indexOf('"', at + FROM.length()));
            if (sender.equals(probeFrom)) {
                probe(nanos, line);
                return true;
            }
            int f = sender.equals(from[0]) ? 0 : sender.equals(from[1]) ? 1 : -1;
            if (f < 0) {
                return false;
            }
            flooded[f]++;
            if (nanos >= floodStart && nanos < floodEnd) {
                floodedInWindow[f]++;
                int s = (int) ((nanos - floodStart) / 1_000_000_000L);
                if (s < perSecond[f].length) {
                    perSecond[f][s]++;
                }
            }
            // The text starts "fN #SEQ ": each flooder's numbers must come once each, in order.
            int t = line.indexOf(TEXT);
            int seq = t < 0 ? -1 : parseSeq(line, t + TEXT.length() + 4);
            if (seq != nextSeq[f] && orderProblem[f] == null) {
                orderProblem[f] = "expected message " + nextSeq[f] + ", got " + (seq < 0 ? "an unnumbered one" : seq);
            }
            nextSeq[f] = seq + 1;
            return true;
        }

        private static int parseSeq(String line, int from) {
            int v = 0;
            int i = from;
            for (; i < line.length() && Character.isDigit(line.charAt(i)); i++) {
                v = v * 10 + (line.charAt(i) - '0');
            }
            return i == from ? -1 : v;
        }

        private void probe(long nanos, String line) {
            JsonObject e = JsonParser.parseString(line).getAsJsonObject();
            String text = JarPeer.str(e, "text");
            int k = text != null && text.startsWith("probe ") ? Integer.parseInt(text.substring(6).strip()) : -1;
            if (k < 0 || k >= probeArrival.length || probesSeen.get(k)) {
                if (probeProblem == null) {
                    probeProblem = "unexpected probe message " + EndToEndBench.abbreviate(line);
                }
                return;
            }
            probesSeen.set(k);
            probeArrival[k] = nanos;
            probesArrived++;
        }

        int probesArrived() {
            return probesArrived;
        }

        /** Flooder f's messages shown in [from, to), by whole seconds of the flood. Call after the end. */
        int shownBetween(int f, long from, long to) {
            int a = (int) ((from - floodStart) / 1_000_000_000L);
            int b = (int) Math.ceil((to - floodStart) / 1e9);
            int sum = 0;
            for (int s = a; s < Math.min(b, perSecond[f].length); s++) {
                sum += perSecond[f][s];
            }
            return sum;
        }
    }

    /**
     * A flooder: a writer thread that keeps {@code window} of its messages undelivered, and a tap that
     * counts its {@code delivered} statuses (each frees a place).
     */
    private static final class Outbox implements JarPeer.Tap {
        final String name;
        private final JarPeer peer;
        private final String to;
        private final Semaphore room;
        private final Thread writer;
        final int utf8Bytes;
        volatile int written;
        volatile int delivered;
        volatile String problem;
        private volatile boolean stop;

        Outbox(JarPeer peer, String name, String to, int window) {
            this.peer = peer;
            this.name = name;
            this.to = to;
            this.room = new Semaphore(window);
            this.utf8Bytes = text(0).getBytes(StandardCharsets.UTF_8).length;
            this.writer = new Thread(this::write, "bench-flood-" + name);
            this.writer.setDaemon(true);
            peer.tap(this);
        }

        /** Message {@code seq}: "fN #SEQ " then the filler, {@link #CHARS} characters in all. */
        String text(int seq) {
            String head = name + " #" + String.format("%07d", seq) + " ";
            return head + FILLER.substring(0, CHARS - head.length());
        }

        void start() {
            writer.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            writer.interrupt();
            writer.join(10_000);
        }

        private void write() {
            try {
                for (int seq = 0; !stop; seq++) {
                    if (!room.tryAcquire()) {
                        peer.flush();
                        room.acquire();
                    }
                    peer.write("/msg " + to + " " + text(seq));
                    written = seq + 1;
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (IOException e) {
                if (!stop) {
                    problem = "writing to its standard input failed: " + e;
                }
            }
        }

        @Override
        public boolean take(long nanos, String line) {
            JsonObject e = JsonParser.parseString(line).getAsJsonObject();
            String event = JarPeer.str(e, "event");
            if ("error".equals(event) && problem == null) {
                problem = "an error event: " + EndToEndBench.abbreviate(line);
            }
            if (!"status".equals(event)) {
                return "error".equals(event);
            }
            String status = JarPeer.str(e, "status");
            if ("delivered".equals(status)) {
                delivered++;
                room.release();
            } else if ("failed".equals(status)) {
                if (problem == null) {
                    problem = "a message failed: " + line;
                }
                room.release();
            }
            return true;
        }
    }

    /** P: a thread that writes "/msg R probe K" every 100 ms, noting when; a tap that checks its statuses. */
    private static final class Probe implements JarPeer.Tap {
        private final JarPeer peer;
        private final String to;
        final AtomicLongArray sentNanos;
        private final Thread thread;
        private volatile int sent;
        private volatile boolean stop;
        private long start;
        volatile String problem;

        Probe(JarPeer peer, String to, Receiver inbox) {
            this.peer = peer;
            this.to = to;
            this.sentNanos = new AtomicLongArray(inbox.probeArrival.length);
            this.thread = new Thread(this::run, "bench-flood-probe");
            this.thread.setDaemon(true);
            peer.tap(this);
        }

        void start(long at) {
            start = at;
            thread.start();
        }

        void stop() throws InterruptedException {
            stop = true;
            thread.interrupt();
            thread.join(10_000);
        }

        int sent() {
            return sent;
        }

        private void run() {
            try {
                for (int k = 0; !stop && k < sentNanos.length(); k++) {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, start + k * PROBE_EVERY - System.nanoTime()));
                    if (stop) {
                        return;
                    }
                    sentNanos.set(k, System.nanoTime());
                    peer.send("/msg " + to + " probe " + k);
                    sent = k + 1;
                }
            } catch (InterruptedException e) {
                // stopped
            } catch (IOException e) {
                problem = "writing to its standard input failed: " + e;
            }
        }

        @Override
        public boolean take(long nanos, String line) {
            JsonObject e = JsonParser.parseString(line).getAsJsonObject();
            String event = JarPeer.str(e, "event");
            if ("error".equals(event) || "failed".equals(JarPeer.str(e, "status"))) {
                if (problem == null) {
                    problem = EndToEndBench.abbreviate(line);
                }
                return true;
            }
            return "status".equals(event);
        }
    }

    private static String filler() {
        StringBuilder b = new StringBuilder(CHARS);
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        for (int k = 0; b.length() < CHARS; k++) {
            b.append(k % 64 == 31 ? 'é' : k % 64 == 63 ? '✓' : k % 17 == 16 ? ' ' : letters.charAt((k * 7) % letters.length()));
        }
        return b.toString();
    }
}
