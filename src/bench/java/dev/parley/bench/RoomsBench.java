package dev.parley.bench;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A room message's latency against a pairwise one's, as a script sees them: {@code hosts} hosts on a
 * private namespace LAN (one bridge), a {@code java -jar target/parley.jar --headless --no-mdns} on each
 * (small heaps: {@code -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}, or the system property
 * {@code rooms.jvm}, comma-separated: {@code BENCH_JAVA_OPTS=-Drooms.jvm=-Xmx64m,-XX:+UseSerialGC}); host i dials every host below
 * it ({@code --peer}), so every two peers share a session. Host 1 creates a room and invites the others,
 * who {@code /join} (one round of invitations: one that never arrives fails the part); once every member
 * holds the roster of all {@code hosts}, host 1 sends, one at a time, a room message ({@code /msg #bench
 * TEXT}), then a pairwise one ({@code /msg FINGERPRINT TEXT} to the next member in turn), then the same text
 * pairwise to every other member at once (the fan-out by hand: {@code hosts - 1} {@code /msg FINGERPRINT}
 * lines written back to back), each 100 bytes. Each is timed from the moment its (first) command line is
 * written to host 1's standard input until host 1 prints the event that completes it: for the room message
 * the {@code room-status} whose {@code pending} is empty (every other member acknowledged it), for the
 * pairwise one the {@code status} {@code delivered}, for the fan-out the last of its {@code delivered}s.
 * The first baseline is a message's floor; the second does the room's work without the room layer, so
 * room/fan-out is that layer's own cost (in this lab, where every JVM shares two cores, the members' work
 * is serial either way). The first {@code warmUp} rounds are not counted.
 * Checked at the end: every member shows exactly one {@code room-message} of each room message sent and
 * every pairwise target its {@code message} events; the part fails (exit 1) otherwise.
 *
 * <p>Usage: {@code RoomsBench [hosts] [messages] [warmUp]}, default 20 200 50. Report in
 * {@code target/bench/rooms.txt}: median and p99 of each, and the ratios room/pairwise and room/fan-out.
 */
public final class RoomsBench {
    private static final long START_WAIT = 300_000;
    private static final long WAIT = 60_000;
    private static final int SIZE = 100;
    /** The peers' JVM options; the system property {@code rooms.jvm} (comma-separated) replaces them. */
    static final List<String> JVM = List.of(System.getProperty("rooms.jvm",
            "-Xmx64m,-XX:+UseSerialGC,-XX:TieredStopAtLevel=1,-Xss512k").trim().split(" *, *"));

    private RoomsBench() {}

    public static void main(String[] args) throws Exception {
        int hosts = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Report report = new Report("rooms.txt");
        String why = Labs.unavailableReason();
        if (why != null) {
            report.say("rooms benchmark skipped: " + why);
            report.write();
            return;
        }
        String problem;
        try (Cleanup cleanup = new Cleanup()) {
            Path tmp = cleanup.addTree(Files.createTempDirectory("parley-bench-rooms"));
            Labs lab = cleanup.add(Labs.create(hosts));
            report.say("a room of " + hosts + " on a " + hosts + "-host namespace LAN against pairwise messages, one"
                    + " at a time from host 1, in rounds: a room message, a pairwise one to one member, the same"
                    + " pairwise to all " + (hosts - 1) + " at once; " + warm + " rounds of warm-up, then " + n + " rounds timed");
            report.say("  java " + String.join(" ", JVM) + " -jar " + JarPeer.jar().getFileName()
                    + " --headless --no-mdns on each host; host i dials hosts 1..i-1 (--peer)");
            problem = run(report, cleanup, lab, tmp, hosts, n, warm);
        }
        report.write();
        if (problem != null) {
            System.err.println("rooms: FAILED: " + problem);
            System.exit(1);
        }
    }

    private static String run(Report report, Cleanup cleanup, Labs lab, Path tmp, int hosts, int n, int warm)
            throws Exception {
        JarPeer[] peers = new JarPeer[hosts + 1];
        String[] fps = new String[hosts + 1];
        long t0 = System.nanoTime();
        for (int i = 1; i <= hosts; i++) {
            List<String> args = new ArrayList<>(List.of("--no-mdns"));
            for (int j = 1; j < i; j++) {
                args.add("--peer");
                args.add(lab.address(j) + ":7447");
            }
            String nick = "h" + i;
            peers[i] = cleanup.add(JarPeer.start(nick, JarPeer.command(lab.exec(i), JVM, nick, tmp.resolve(nick),
                    args.toArray(String[]::new))));
        }
        for (int i = 1; i <= hosts; i++) {
            fps[i] = JarPeer.str(peers[i].ready(START_WAIT).event(), "fingerprint");
        }
        for (int i = 2; i <= hosts; i++) {
            peers[1].online("h" + i, START_WAIT);
        }
        report.say(String.format("  started: all ready and online at host 1 in %.1f s", (System.nanoTime() - t0) / 1e9));
        JarPeer owner = peers[1];
        owner.send("/room create bench the benchmark room");
        String room = JarPeer.str(owner.await("room", WAIT, e -> "room".equals(JarPeer.str(e, "event"))
                && "bench".equals(JarPeer.str(e, "name"))).event(), "room");
        // One round: an invitation to a peer whose session the rooms engine does not hold yet is held and
        // sent when it does, and sent again on a session that replaces the one it went out on (issue 14).
        for (int i = 2; i <= hosts; i++) {
            owner.send("/invite #bench " + fps[i]);
        }
        for (int i = 2; i <= hosts; i++) {
            try {
                peers[i].await("room-invite", START_WAIT, e -> "room-invite".equals(JarPeer.str(e, "event"))
                        && room.equals(JarPeer.str(e, "room")));
            } catch (IllegalStateException never) {
                return "h" + i + " never got its invitation; host 1's errors: " + owner.errors();
            }
            peers[i].send("/join #bench");
        }
        for (int i = 1; i <= hosts; i++) {
            peers[i].await("the room of " + hosts, START_WAIT, e -> "room".equals(JarPeer.str(e, "event"))
                    && room.equals(JarPeer.str(e, "room")) && e.getAsJsonArray("members").size() == hosts);
        }
        report.say(String.format("  room of %d formed at %.1f s", hosts, (System.nanoTime() - t0) / 1e9));
        // From here on this driver parses only the lines it waits for (its CPU is the peers' CPU: two cores
        // for all): the members' messages from host 1 are counted as they come, host 1's room-status lines
        // that still leave someone pending are passed over.
        AtomicInteger[] roomGot = new AtomicInteger[hosts + 1];
        AtomicInteger[] pairGot = new AtomicInteger[hosts + 1];
        String from1 = "\"from\":\"" + fps[1] + "\"";
        for (int i = 2; i <= hosts; i++) {
            AtomicInteger rg = roomGot[i] = new AtomicInteger();
            AtomicInteger pg = pairGot[i] = new AtomicInteger();
            peers[i].tap((nanos, l) -> {
                boolean fromOwner = l.contains(from1);
                if (fromOwner && l.startsWith("{\"event\":\"room-message\"")) {
                    rg.incrementAndGet();
                    return true;
                }
                if (fromOwner && l.startsWith("{\"event\":\"message\"")) {
                    pg.incrementAndGet();
                    return true;
                }
                return false;
            });
        }
        owner.tap((nanos, l) -> l.startsWith("{\"event\":\"room-status\"") && !l.contains("\"pending\":[]"));
        List<Double> roomMs = new ArrayList<>();
        List<Double> pairMs = new ArrayList<>();
        List<Double> fanMs = new ArrayList<>();
        int[] pairwiseTo = new int[hosts + 1];
        List<String> everyone = java.util.Arrays.asList(fps).subList(2, hosts + 1);
        for (int k = 0; k < warm + n; k++) {
            double r = roomMessage(owner, room, text('r', k));
            int to = 2 + k % (hosts - 1);
            pairwiseTo[to]++;
            double p = pairwise(owner, fps[to], text('p', k));
            for (int i = 2; i <= hosts; i++) {
                pairwiseTo[i]++;
            }
            double f = fanOut(owner, everyone, text('f', k));
            if (k >= warm) {
                roomMs.add(r);
                pairMs.add(p);
                fanMs.add(f);
            }
        }
        report.say(line("room message to " + (hosts - 1) + " members", roomMs));
        report.say(line("pairwise message (baseline 1)", pairMs));
        report.say(line("pairwise to all " + (hosts - 1) + " at once (2)", fanMs));
        double[] rs = array(roomMs);
        double[] ps = array(pairMs);
        double[] fs = array(fanMs);
        report.say(String.format("room/pairwise: median %.2fx, p99 %.2fx (target: within 3x)",
                Stats.median(rs) / Stats.median(ps), Stats.quantile(rs, 0.99) / Stats.quantile(ps, 0.99)));
        report.say(String.format("room/%d pairwise at once: median %.2fx, p99 %.2fx (the room layer's own cost)",
                hosts - 1, Stats.median(rs) / Stats.median(fs), Stats.quantile(rs, 0.99) / Stats.quantile(fs, 0.99)));
        // Where the CPU goes: a run of room messages only, then of pairwise ones only, each measured apart.
        int cpuRuns = Math.max(1, n / 2);
        double[] roomCpu = cpu(peers, () -> {
            for (int k = 0; k < cpuRuns; k++) {
                roomMessage(owner, room, text('c', k));
            }
        });
        double[] pairCpu = cpu(peers, () -> {
            for (int k = 0; k < cpuRuns; k++) {
                int to = 2 + k % (hosts - 1);
                pairwiseTo[to]++;
                pairwise(owner, fps[to], text('q', k));
            }
        });
        report.say(String.format("CPU a message (%d of each, one at a time): room: host 1 %.2f ms, the other hosts"
                + " %.2f ms together, this driver %.2f ms; pairwise: %.2f, %.2f, %.2f ms", cpuRuns,
                roomCpu[0] / cpuRuns, roomCpu[1] / cpuRuns, roomCpu[2] / cpuRuns,
                pairCpu[0] / cpuRuns, pairCpu[1] / cpuRuns, pairCpu[2] / cpuRuns));
        int roomSent = warm + n + cpuRuns;
        // Every member holds each room message once; each pairwise target its messages.
        for (int i = 2; i <= hosts; i++) {
            // the last lines may still be in the pipe: a member writes a message before it acknowledges it
            long end = System.nanoTime() + WAIT * 1_000_000;
            while ((roomGot[i].get() < roomSent || pairGot[i].get() < pairwiseTo[i]) && System.nanoTime() < end) {
                Thread.sleep(10);
            }
            int got = roomGot[i].get();
            if (got != roomSent) {
                return "h" + i + " shows " + got + " room messages of " + roomSent;
            }
            int pm = pairGot[i].get();
            if (pm != pairwiseTo[i]) {
                return "h" + i + " shows " + pm + " pairwise messages of " + pairwiseTo[i];
            }
        }
        report.say("  checked: every member shows each room message once, each target its pairwise messages");
        for (int i = hosts; i >= 1; i--) {
            peers[i].quit();
        }
        return null;
    }

    interface Work {
        void run() throws Exception;
    }

    /** CPU milliseconds {@code work} took: {host 1, the other hosts together, this driver}. */
    private static double[] cpu(JarPeer[] peers, Work work) throws Exception {
        double[] before = cpuNow(peers);
        work.run();
        double[] after = cpuNow(peers);
        return new double[] {after[0] - before[0], after[1] - before[1], after[2] - before[2]};
    }

    private static double[] cpuNow(JarPeer[] peers) throws Exception {
        double[] ms = new double[3];
        for (int i = 1; i < peers.length; i++) {
            ms[i == 1 ? 0 : 1] += cpuMs(peers[i].pid());
        }
        long[] self = Proc.cpuTicks(ProcessHandle.current().pid()); // not its descendants: those are the peers
        ms[2] = (self[0] + self[1]) * 1000.0 / Proc.TICKS_PER_SECOND;
        return ms;
    }

    /** The process and its descendants ({@code ip netns exec} may run java as its child). */
    private static double cpuMs(long pid) throws Exception {
        List<Long> pids = new ArrayList<>(List.of(pid));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        double ms = 0;
        for (long p : pids) {
            long[] t = Proc.cpuTicks(p);
            ms += (t[0] + t[1]) * 1000.0 / Proc.TICKS_PER_SECOND;
        }
        return ms;
    }

    /** Milliseconds from writing the command to the {@code room-status} that leaves nobody pending. */
    private static double roomMessage(JarPeer owner, String room, String text) throws Exception {
        int mark = owner.mark();
        long sent = System.nanoTime();
        owner.send("/msg #bench " + text);
        String id = JarPeer.str(owner.awaitFrom(mark, "room-sent", WAIT, e -> "room-sent".equals(JarPeer.str(e, "event"))
                && room.equals(JarPeer.str(e, "room"))).event(), "id");
        long done = owner.awaitFrom(mark, "room-status of " + id + " with nobody pending", WAIT,
                e -> "room-status".equals(JarPeer.str(e, "event")) && id.equals(JarPeer.str(e, "id"))
                        && e.getAsJsonArray("pending").isEmpty()).nanos();
        return (done - sent) / 1e6;
    }

    /** Milliseconds from writing the command to its {@code delivered} status. */
    private static double pairwise(JarPeer owner, String to, String text) throws Exception {
        int mark = owner.mark();
        long sent = System.nanoTime();
        owner.send("/msg " + to + " " + text);
        String id = JarPeer.str(owner.awaitFrom(mark, "a status to " + to, WAIT, e -> status(e, to, null)).event(), "id");
        long done = owner.awaitFrom(mark, "delivered to " + to, WAIT, e -> status(e, to, "delivered")
                && id.equals(JarPeer.str(e, "id"))).nanos();
        return (done - sent) / 1e6;
    }

    /** Milliseconds from writing the first of one {@code /msg} to each of {@code to} to the last {@code delivered}. */
    private static double fanOut(JarPeer owner, List<String> to, String text) throws Exception {
        int mark = owner.mark();
        long sent = System.nanoTime();
        for (String fp : to) {
            owner.send("/msg " + fp + " " + text);
        }
        long done = sent;
        for (String fp : to) {
            String id = JarPeer.str(owner.awaitFrom(mark, "a status to " + fp, WAIT, e -> status(e, fp, null)).event(), "id");
            done = Math.max(done, owner.awaitFrom(mark, "delivered to " + fp, WAIT, e -> status(e, fp, "delivered")
                    && id.equals(JarPeer.str(e, "id"))).nanos());
        }
        return (done - sent) / 1e6;
    }

    /** A {@code status} event of a message to {@code to} (with this status, unless null). */
    private static boolean status(JsonObject e, String to, String status) {
        return "status".equals(JarPeer.str(e, "event")) && to.equals(JarPeer.str(e, "to"))
                && (status == null || status.equals(JarPeer.str(e, "status")));
    }

    private static String text(char kind, int k) {
        StringBuilder b = new StringBuilder().append(kind).append(k).append(' ');
        while (b.length() < SIZE) {
            b.append((char) ('a' + (b.length() * 7 + k) % 26));
        }
        return b.toString();
    }

    private static double[] array(List<Double> ms) {
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String line(String what, List<Double> ms) {
        double[] a = array(ms);
        return String.format("%-32s median %7.2f ms  p99 %7.2f ms  min %7.2f  max %7.2f  (%d samples)", what,
                Stats.median(a), Stats.quantile(a, 0.99), Stats.quantile(a, 0), Stats.quantile(a, 1), a.length);
    }
}
