package dev.parley.bench;

import java.util.Arrays;
import java.util.List;

/** Order statistics over samples, for the benchmark reports. Stateless. */
final class Stats {
    private Stats() {}

    /** The q-quantile (0..1) by nearest rank. */
    static double quantile(double[] samples, double q) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }

    static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    static double median(List<Double> samples) {
        return median(samples.stream().mapToDouble(Double::doubleValue).toArray());
    }

    static double min(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    static double max(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
