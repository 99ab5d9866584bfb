package dev.parley.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Messaging through Parley's real stack over loopback TCP beside JSSE TLS 1.3 in the same process, on
 * one session each: round-trip time (median, p99) and one-way throughput for each message size. The two
 * run alternately, {@code reps} times after a warm-up; each figure is the median over the repetitions,
 * and each ratio the median of the per-repetition ratios Parley/TLS (paired, so a noisy moment on this
 * shared machine hits both sides of one ratio alike). On a virtual machine, round trips are bimodal
 * (two threads waking each other on one core, or across cores whose wake-up the hypervisor delays), so
 * the best repetition of each side is also shown: it compares the two in the same, fast, mode.
 *
 * <p>Usage: {@code MessagingBench [reps] [roundTrips] [oneWayMessages]}; writes a report to
 * {@code target/bench/messaging.txt} as well as standard output.
 */
public final class MessagingBench {
    static final int[] SIZES = {64, 200, 4096};

    private MessagingBench() {}

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        int rtts = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int oneWay = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
        StringBuilder report = new StringBuilder();
        try (TlsLink tls = new TlsLink(); ParleyLink parley = new ParleyLink()) {
            say(report, "baseline: " + tls.suite() + " (JSSE), same process, loopback; " + reps + " repetitions of "
                    + rtts + " round trips and " + oneWay + " one-way messages (4 KiB: a fifth as many); CPUs this"
                    + " process may use: " + Runtime.getRuntime().availableProcessors());
            warmUp(tls, parley, rtts, oneWay);
            // All round trips first, then all throughput: a throughput phase left the next round trips
            // of whichever link ran first slow, and uneven between repetitions.
            Result[] results = new Result[SIZES.length];
            for (int k = 0; k < SIZES.length; k++) {
                results[k] = new Result(SIZES[k]);
                roundTrips(results[k], tls, parley, reps, rtts);
            }
            for (Result r : results) {
                oneWay(r, tls, parley, reps, r.size >= 4096 ? oneWay / 5 : oneWay);
                r.print(report);
            }
        }
        Path out = Path.of("target", "bench", "messaging.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    private static void warmUp(TlsLink tls, MessageLink parley, int rtts, int oneWay) throws Exception {
        for (int round = 0; round < 2; round++) {
            for (int size : SIZES) {
                tls.oneWay(body(size), oneWay / 5, false);
                for (MessageLink l : List.of(tls, parley)) {
                    l.roundTrips(body(size), rtts);
                    l.oneWay(body(size), oneWay / 5);
                }
            }
        }
    }

    /** One message size's figures. */
    private static final class Result {
        final int size;
        final Figures tls = new Figures();
        final Figures parley = new Figures();
        final List<Double> rttRatio = new ArrayList<>();
        final List<Double> p99Ratio = new ArrayList<>();
        final List<Double> rateRatio = new ArrayList<>();
        final List<Double> bulkRatio = new ArrayList<>();
        final List<Double> bulk = new ArrayList<>();

        Result(int size) {
            this.size = size;
        }

        void print(StringBuilder report) {
            say(report, String.format("%5d B  round trip median  TLS %7.1f us  Parley %7.1f us  ratio %.2f  (reps %s)", size,
                    Stats.median(tls.rttMedian), Stats.median(parley.rttMedian), Stats.median(rttRatio), fmt(rttRatio)));
            say(report, String.format("%5d B  round trip best    TLS %7.1f us  Parley %7.1f us  ratio %.2f  (the repetition"
                    + " with the lowest median, each side)", size, Stats.min(tls.rttMedian), Stats.min(parley.rttMedian),
                    Stats.min(parley.rttMedian) / Stats.min(tls.rttMedian)));
            say(report, String.format("%5d B  round trip p99     TLS %7.1f us  Parley %7.1f us  ratio %.2f", size,
                    Stats.median(tls.rttP99), Stats.median(parley.rttP99), Stats.median(p99Ratio)));
            double tRate = Stats.median(tls.rate);
            double pRate = Stats.median(parley.rate);
            say(report, String.format("%5d B  one way            TLS %8.0f msg/s %7.2f MB/s  Parley %8.0f msg/s %7.2f MB/s  ratio %.2f  (reps %s)",
                    size, tRate, tRate * size / 1e6, pRate, pRate * size / 1e6, Stats.median(rateRatio), fmt(rateRatio)));
            double bRate = Stats.median(bulk);
            say(report, String.format("%5d B  one way, TLS bulk  TLS %8.0f msg/s %7.2f MB/s  (16 KiB records, no flush per message)  Parley/bulk %.2f",
                    size, bRate, bRate * size / 1e6, Stats.median(bulkRatio)));
        }
    }

    /** Paired repetitions, alternating which link goes first; each timed batch after a short untimed one. */
    private static void roundTrips(Result res, MessageLink tls, MessageLink parley, int reps, int rtts) throws Exception {
        for (int r = 0; r < reps; r++) {
            double[] tr = null;
            double[] pr = null;
            for (int side = 0; side < 2; side++) {
                boolean tlsNow = (side == 0) == (r % 2 == 0);
                MessageLink l = tlsNow ? tls : parley;
                l.roundTrips(body(res.size), Math.max(1, rtts / 10));
                double[] rt = l.roundTrips(body(res.size), rtts);
                if (tlsNow) {
                    tr = rt;
                } else {
                    pr = rt;
                }
            }
            res.tls.addRoundTrips(tr);
            res.parley.addRoundTrips(pr);
            res.rttRatio.add(Stats.median(pr) / Stats.median(tr));
            res.p99Ratio.add(Stats.quantile(pr, 0.99) / Stats.quantile(tr, 0.99));
        }
    }

    private static void oneWay(Result res, TlsLink tls, MessageLink parley, int reps, int msgs) throws Exception {
        for (int r = 0; r < reps; r++) {
            boolean tlsFirst = r % 2 == 0;
            double ts = 0;
            double ps = 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == tlsFirst) {
                    ts = tls.oneWay(body(res.size), msgs);
                } else {
                    ps = parley.oneWay(body(res.size), msgs);
                }
            }
            double bs = tls.oneWay(body(res.size), msgs, false);
            res.bulk.add(msgs / bs);
            res.bulkRatio.add((msgs / ps) / (msgs / bs));
            res.tls.rate.add(msgs / ts);
            res.parley.rate.add(msgs / ps);
            res.rateRatio.add((msgs / ps) / (msgs / ts));
        }
    }

    /** A CHAT record body: 16-byte id, 8-byte time, then {@code size} bytes of ASCII text. */
    static byte[] body(int size) {
        byte[] b = new byte[24 + size];
        Arrays.fill(b, 24, b.length, (byte) 'x');
        b[0] = 1;
        return b;
    }

    private static String fmt(List<Double> v) {
        StringBuilder s = new StringBuilder();
        for (double d : v) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%.2f", d));
        }
        return s.toString();
    }

    private static void say(StringBuilder report, String line) {
        System.out.println(line);
        report.append(line).append('\n');
    }

    private static final class Figures {
        final List<Double> rttMedian = new ArrayList<>();
        final List<Double> rttP99 = new ArrayList<>();
        final List<Double> rate = new ArrayList<>();

        void addRoundTrips(double[] rtt) {
            rttMedian.add(Stats.median(rtt));
            rttP99.add(Stats.quantile(rtt, 0.99));
        }
    }
}
