package dev.parley.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.lab.LineProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Acknowledged messages end to end, as a script sees them: two hosts on a private namespace LAN (one
 * bridge), a {@code java -jar target/parley.jar --headless --no-mdns} on each (fresh {@code --home} each
 * repetition; A dials B with {@code --peer}). Once each lists the other online, a writer thread writes
 * {@code messages} lines {@code /msg B's-fingerprint TEXT} (200 bytes of text, each different) into A's
 * standard input as fast as the pipe takes them, while A's events are counted as they come (not kept).
 * The clock runs from the first line written to the last {@code delivered} status. Checked: every
 * message is delivered exactly once, none fails, and B shows exactly {@code messages} {@code message}
 * events, from A, with the texts written, in order, under the ids A reported; the part fails (exit 1)
 * otherwise.
 *
 * <p>The baseline, between the same two hosts in the same minutes: the seed design Parley grew from,
 * {@code bench/seed_chat.py} (Python 3, {@code cryptography.fernet}): one static Fernet key file
 * shared by both sides, one token a line over TCP; the client pipelines the messages, the server
 * decrypts each and answers each with an encrypted acknowledgement, which the client's second thread
 * decrypts and counts; the client times its first send to the last acknowledgement. The two run
 * alternately, {@code repetitions} times each.
 *
 * <p>A run that does not finish within {@code timeoutSeconds} is reported with how far it got (its rate
 * over what was acknowledged in time) and stopped; the part goes on and exits 0. A run that fails its
 * checks ends the part, with exit status 1 once the report is written. Usage:
 * {@code EndToEndBench [messages] [repetitions] [timeoutSeconds]}, default 20000 3 120. System properties:
 * {@code seed.python} (default {@code /usr/bin/python3}, which needs {@code cryptography}),
 * {@code seed.script} (default {@code bench/seed_chat.py}). Report in {@code target/bench/e2e.txt}.
 */
public final class EndToEndBench {
    static final int SIZE = 200;
    private static final long START_WAIT = 60_000;
    private static final int SEED_PORT = 7448;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private EndToEndBench() {}

    /** One timed run: how many of {@code n} were acknowledged in {@code seconds}; a problem, or null. */
    record Run(int done, int n, double seconds, boolean timedOut, String problem) {
        double rate() {
            return done / seconds;
        }

        boolean failed() {
            return problem != null && !timedOut;
        }

        String describe() {
            String figure = String.format("%6d of %d in %7.2f s  %9.1f msg/s", done, n, seconds, rate());
            return problem == null ? figure : figure + "  ** " + problem;
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int timeout = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        // A running Parley's JIT has compiled its hot paths; a fresh JVM's C2 is still at it for about
        // 100,000 messages (docs/PERFORMANCE.md), so by default three times the timed count goes first.
        int warm = args.length > 3 ? Integer.parseInt(args[3]) : 3 * n;
        Report report = new Report("e2e.txt");
        String why = Labs.unavailableReason();
        if (why == null) {
            why = seedUnavailableReason();
        }
        if (why != null) {
            report.say("e2e benchmark skipped: " + why);
            report.write();
            return;
        }
        List<Run> parley = new ArrayList<>();
        List<Run> seed = new ArrayList<>();
        try (Cleanup cleanup = new Cleanup()) {
            Path tmp = cleanup.addTree(Files.createTempDirectory("parley-bench-e2e"));
            Labs lab = cleanup.add(Labs.create(2));
            Path key = tmp.resolve("seed.key");
            runToEnd(cleanup, List.of(python(), script().toString(), "keygen", key.toString()));
            report.say(n + " acknowledged " + SIZE + "-byte messages from host 1 to host 2 of a 2-host namespace LAN,"
                    + " " + reps + " repetitions, alternating; timeout " + timeout + " s a run");
            report.say("  parley: java -jar " + JarPeer.jar().getFileName() + " --headless --no-mdns on each host,"
                    + " fresh --home each repetition, A dials B (--peer); in each repetition's processes first "
                    + warm + " warm-up messages (shown, not counted), then the timed " + n);
            report.say("  seed:   bench/seed_chat.py (" + python() + "): one static Fernet key file, a token a line"
                    + " over TCP, each message acknowledged");
            String[] warmUp = texts(warm);
            String[] texts = texts(n);
            for (int r = 1; r <= reps; r++) {
                Run p = parley(cleanup, lab, tmp.resolve("r" + r), warmUp, texts, timeout);
                parley.add(p);
                if (lastWarmUp != null) {
                    report.say(String.format("%-10s %s", "  warm-up", lastWarmUp.describe()));
                }
                report.say(String.format("%-10s %s", "parley " + r, p.describe()));
                Run s = seed(cleanup, lab, key, n, timeout);
                seed.add(s);
                report.say(String.format("%-10s %s", "seed " + r, s.describe()));
                if (p.failed() || s.failed()) {
                    report.say("stopped after repetition " + r + ": a run failed its checks");
                    break;
                }
            }
            summary(report, parley, seed);
        }
        report.write();
        if (parley.stream().anyMatch(Run::failed) || seed.stream().anyMatch(Run::failed)) {
            System.err.println("e2e: FAILED (see the runs marked ** above)");
            System.exit(1);
        }
    }

    private static void summary(Report report, List<Run> parley, List<Run> seed) {
        double[] p = parley.stream().mapToDouble(Run::rate).toArray();
        double[] s = seed.stream().mapToDouble(Run::rate).toArray();
        double[] ratios = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            ratios[i] = p[i] / s[i];
        }
        report.say(String.format("median msg/s: parley %.1f  seed %.1f", Stats.median(p), Stats.median(s)));
        report.say(String.format("parley/seed: %.3fx (ratio of the medians); %.3fx (median of the per-repetition"
                + " ratios %s)", Stats.median(p) / Stats.median(s), Stats.median(ratios), format(ratios)));
        long timedOut = parley.stream().filter(Run::timedOut).count() + seed.stream().filter(Run::timedOut).count();
        if (timedOut > 0) {
            report.say("NOTE: " + timedOut + " run(s) timed out; their rate is over what was acknowledged in time."
                    + " Raise the timeout (third argument) or lower the count (first) for complete runs.");
        }
    }

    private static String format(double[] values) {
        StringBuilder b = new StringBuilder();
        for (double v : values) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.3f", v));
        }
        return "[" + b + "]";
    }

    // ---- Parley

    /** The warm-up round of the last Parley repetition, to report beside it. */
    private static Run lastWarmUp;

    /**
     * One repetition: fresh peers, then, in the same processes, a warm-up round of {@code warmUp}
     * messages (a running Parley's JVM has compiled its hot paths; a fresh one spends its first seconds
     * doing so) and the timed round of {@code texts}.
     */
    private static Run parley(Cleanup cleanup, Labs lab, Path home, String[] warmUp, String[] texts, int timeout)
            throws Exception {
        int n = texts.length;
        JarPeer b = cleanup.add(JarPeer.start("b", JarPeer.command(lab.exec(2), "b", home.resolve("b"), "--no-mdns")));
        JarPeer a = cleanup.add(JarPeer.start("a", JarPeer.command(lab.exec(1), "a", home.resolve("a"), "--no-mdns",
                "--peer", lab.address(2) + ":7447")));
        try {
            String fpA = JarPeer.str(a.ready(START_WAIT).event(), "fingerprint");
            String fpB = JarPeer.str(b.ready(START_WAIT).event(), "fingerprint");
            a.online("b", START_WAIT);
            b.online("a", START_WAIT);
            if (warmUp.length > 0) {
                Round w = round(a, b, fpA, fpB, warmUp, timeout);
                lastWarmUp = w.run;
                if (w.run.failed() || w.run.timedOut()) {
                    return new Run(0, n, 0, w.run.timedOut(), "the warm-up round: " + w.run.describe());
                }
            }
            Round r = round(a, b, fpA, fpB, texts, timeout);
            if (r.run.timedOut() || r.run.failed()) {
                return r.run;
            }
            a.quit();
            b.quit();
            if (!a.awaitEof(10_000) || !b.awaitEof(10_000)) {
                return new Run(r.run.done, n, r.run.seconds, false, "a peer's output did not end after /quit");
            }
            String problem = check(r.acks, r.inbox, a, b);
            return new Run(r.run.done, n, r.run.seconds, false, problem);
        } finally {
            a.close();
            b.close();
        }
    }

    /** One round's run, and what A and B saw of it. */
    private record Round(Run run, Acks acks, Inbox inbox) {}

    /** Sends {@code texts} from A to B in running peers and waits until all are delivered (or the timeout). */
    private static Round round(JarPeer a, JarPeer b, String fpA, String fpB, String[] texts, int timeout)
            throws Exception {
        int n = texts.length;
        Acks acks = new Acks(n);
        Inbox inbox = new Inbox(texts, fpA);
        a.tap(acks);
        b.tap(inbox);
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = "/msg " + fpB + " " + texts[i];
        }
        Thread writer = new Thread(() -> acks.write(a, lines), "bench-e2e-writer");
        writer.setDaemon(true);
        writer.start();
        boolean finished = acks.await(timeout, b);
        int delivered = acks.delivered;
        double seconds = (finished ? acks.lastNanos - acks.startNanos : System.nanoTime() - acks.startNanos) / 1e9;
        if (!finished) {
            return new Round(new Run(delivered, n, seconds, true, "timed out after " + timeout + " s: " + delivered
                    + " delivered, " + inbox.received + " shown by B; "
                    + (acks.allWritten ? "all lines written" : "still writing")), acks, inbox);
        }
        if (acks.problem == null) {
            inbox.done.await(10, TimeUnit.SECONDS);
        }
        writer.join(10_000);
        String problem = acks.problem != null ? "A: " + acks.problem : inbox.problem != null ? "B: " + inbox.problem : null;
        return new Round(new Run(delivered, n, seconds, false, problem), acks, inbox);
    }

    /** Null when all went as it must; else what did not. Call once both peers' output has ended. */
    private static String check(Acks acks, Inbox inbox, JarPeer a, JarPeer b) {
        for (JarPeer p : List.of(a, b)) {
            if (p.tapFailure() != null) {
                return p.nick + "'s events could not be read: " + p.tapFailure();
            }
        }
        if (acks.problem != null) {
            return "A: " + acks.problem;
        }
        if (inbox.problem != null) {
            return "B: " + inbox.problem;
        }
        int n = acks.ids.length;
        if (acks.delivered != n || inbox.received != n) {
            return acks.delivered + " delivered and " + inbox.received + " shown by B, of " + n;
        }
        for (int i = 0; i < n; i++) {
            if (!acks.ids[i].equals(inbox.ids[i])) {
                return "message " + i + ": A named it " + acks.ids[i] + ", B shows it as " + inbox.ids[i];
            }
        }
        return null;
    }

    /**
     * A's side, on its reader thread: the first status of each id names the next line written (commands
     * run in order and answer at once); counts each id's {@code delivered}, once.
     */
    private static final class Acks implements JarPeer.Tap {
        final String[] ids;
        private final Map<String, Integer> index = new HashMap<>();
        private final BitSet deliveredSet = new BitSet();
        private final CountDownLatch done = new CountDownLatch(1);
        volatile long startNanos;
        volatile boolean allWritten;
        volatile int delivered;
        volatile long lastNanos;
        volatile String problem;
        private int named;

        Acks(int n) {
            ids = new String[n];
        }

        /** The writer thread: every line, then a flush. */
        void write(JarPeer a, String[] lines) {
            try {
                startNanos = System.nanoTime();
                for (String line : lines) {
                    a.write(line);
                }
                a.flush();
                allWritten = true;
            } catch (IOException e) {
                fail("writing to A's standard input failed after " + delivered + " deliveries: " + e);
            }
        }

        /**
         * A status line as Parley writes it, {@code {"event":"status","id":"..","to":"..","status":".."}},
         * read without a JSON parser (three such lines a message would otherwise make the harness the
         * busiest process on the machine); anything else goes through the parser.
         */
        private static final String STATUS = "{\"event\":\"status\",\"id\":\"";

        @Override
        public boolean take(long nanos, String line) {
            String id;
            String status;
            int s = line.lastIndexOf("\"status\":\"");
            if (line.startsWith(STATUS) && s > 0 && line.endsWith("\"}") && line.indexOf('\\') < 0) {
                id = line.substring(STATUS.length(), line.indexOf('"', STATUS.length()));
                status = line.substring(s + 10, line.length() - 2);
            } else {
                JsonObject e = JsonParser.parseString(line).getAsJsonObject();
                String event = JarPeer.str(e, "event");
                if ("error".equals(event)) {
                    fail("an error event: " + line);
                    return true;
                }
                if (!"status".equals(event)) {
                    return false;
                }
                id = JarPeer.str(e, "id");
                status = JarPeer.str(e, "status");
            }
            Integer k = index.get(id);
            if (k == null) {
                if (named == ids.length) {
                    fail("a status for an id no line asked for: " + line);
                    return true;
                }
                k = named++;
                index.put(id, k);
                ids[k] = id;
            }
            if ("failed".equals(status)) {
                fail("message " + k + " failed");
            } else if ("delivered".equals(status)) {
                if (deliveredSet.get(k)) {
                    fail("message " + k + " delivered twice");
                    return true;
                }
                deliveredSet.set(k);
                lastNanos = nanos;
                delivered++;
                if (delivered == ids.length) {
                    done.countDown();
                }
            }
            return true;
        }

        private void fail(String what) {
            if (problem == null) {
                problem = what;
            }
            done.countDown();
        }

        /** True once all are delivered or something failed; false at the timeout. Says how far it got meanwhile. */
        boolean await(int timeoutSeconds, JarPeer b) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (true) {
                long left = end - System.nanoTime();
                if (done.await(Math.min(left, TimeUnit.SECONDS.toNanos(15)), TimeUnit.NANOSECONDS)) {
                    return true;
                }
                if (System.nanoTime() - end >= 0) {
                    return false;
                }
                System.out.printf("  ... %d of %d delivered after %.0f s%n", delivered, ids.length,
                        (System.nanoTime() - startNanos) / 1e9);
            }
        }
    }

    /** B's side, on its reader thread: each {@code message} event checked against the next text written. */
    private static final class Inbox implements JarPeer.Tap {
        final String[] ids;
        private final String[] texts;
        private final String from;
        final CountDownLatch done = new CountDownLatch(1);
        volatile int received;
        volatile String problem;

        Inbox(String[] texts, String from) {
            this.texts = texts;
            this.from = from;
            this.ids = new String[texts.length];
        }

        @Override
        public boolean take(long nanos, String line) {
            JsonObject e = JsonParser.parseString(line).getAsJsonObject();
            if (!"message".equals(JarPeer.str(e, "event"))) {
                return false;
            }
            int k = received;
            if (k == texts.length) {
                fail("a message beyond the " + texts.length + " sent: " + abbreviate(line));
            } else if (!from.equals(JarPeer.str(e, "from"))) {
                fail("message " + k + " is not from A: " + abbreviate(line));
            } else if (!texts[k].equals(JarPeer.str(e, "text"))) {
                fail("message " + k + " does not have text " + k + " as written: " + abbreviate(line));
            } else {
                ids[k] = JarPeer.str(e, "id");
            }
            received = k + 1;
            if (k + 1 == texts.length) {
                done.countDown();
            }
            return true;
        }

        private void fail(String what) {
            if (problem == null) {
                problem = what;
            }
        }
    }

    static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 120) + "…";
    }

    /** Message i: its number, a space, then letters that differ from message to message ({@code seed_chat.py}'s too). */
    static String[] texts(int n) {
        String[] texts = new String[n];
        for (int i = 0; i < n; i++) {
            StringBuilder b = new StringBuilder(SIZE).append(String.format("%07d ", i));
            for (int k = 0; b.length() < SIZE; k++) {
                b.append(ALPHABET.charAt((i * 31 + k * 7) % ALPHABET.length()));
            }
            texts[i] = b.toString();
        }
        return texts;
    }

    // ---- the seed design

    private static Run seed(Cleanup cleanup, Labs lab, Path key, int n, int timeout) throws Exception {
        Process server = cleanup.add(start(lab.exec(2), "server", key.toString(), "0.0.0.0",
                String.valueOf(SEED_PORT), String.valueOf(SIZE)));
        Process client = null;
        try {
            LineProcess s = new LineProcess("seed server", server);
            s.until("listening"::equals, 30);
            client = cleanup.add(start(lab.exec(1), "client", key.toString(), lab.address(2),
                    String.valueOf(SEED_PORT), String.valueOf(n), String.valueOf(SIZE)));
            LineProcess c = new LineProcess("seed client", client);
            long t0 = System.nanoTime();
            String result;
            try {
                result = last(c.until(l -> l.startsWith("{"), timeout));
            } catch (AssertionError e) {
                boolean timedOut = client.isAlive();
                double seconds = (System.nanoTime() - t0) / 1e9;
                return new Run(0, n, seconds, timedOut, timedOut ? "timed out after " + timeout + " s"
                        : "the client failed: " + e.getMessage().strip());
            }
            JsonObject r = JsonParser.parseString(result).getAsJsonObject();
            int acks = r.get("acks").getAsInt();
            double seconds = r.get("seconds").getAsDouble();
            String received;
            try {
                received = last(s.until(l -> l.startsWith("received"), 10));
            } catch (AssertionError e) {
                return new Run(acks, n, seconds, false, "the server failed: " + e.getMessage().strip());
            }
            String problem = acks == n && received.equals("received " + n) ? null
                    : acks + " acknowledged, server says '" + received + "'";
            return new Run(acks, n, seconds, false, problem);
        } finally {
            Cleanup.kill(server);
            if (client != null) {
                Cleanup.kill(client);
            }
        }
    }

    private static String last(List<String> lines) {
        return lines.get(lines.size() - 1);
    }

    private static Process start(List<String> prefix, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(python());
        cmd.add(script().toString());
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).start();
    }

    static String python() {
        String p = System.getProperty("seed.python");
        if (p != null) {
            return p;
        }
        return new File("/usr/bin/python3").canExecute() ? "/usr/bin/python3" : "python3";
    }

    static Path script() {
        return Path.of(System.getProperty("seed.script", "bench/seed_chat.py")).toAbsolutePath();
    }

    /** Null when the seed design can run here, else why not. */
    private static String seedUnavailableReason() throws InterruptedException {
        if (!Files.isReadable(script())) {
            return script() + " is missing (run from the project's folder)";
        }
        try {
            Process p = new ProcessBuilder(python(), "-c", "import cryptography.fernet").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? null : python() + " cannot import cryptography.fernet (Debian: python3-cryptography): " + out;
        } catch (IOException e) {
            return "cannot run " + python() + ": " + e.getMessage();
        }
    }

    private static void runToEnd(Cleanup cleanup, List<String> cmd) throws IOException, InterruptedException {
        Process p = cleanup.add(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
