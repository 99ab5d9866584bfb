package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Lines printed as they come and written to {@code target/bench/NAME} at the end. Not thread-safe. */
final class Report {
    private final Path file;
    private final StringBuilder text = new StringBuilder();

    Report(String name) {
        this.file = Path.of("target", "bench", name);
    }

    void say(String line) {
        System.out.println(line);
        text.append(line).append('\n');
    }

    /** A row of millisecond samples: median and worst, then every sample. */
    void row(String what, List<Double> ms) {
        StringBuilder all = new StringBuilder();
        for (double d : ms) {
            all.append(all.length() == 0 ? "" : " ").append(Math.round(d));
        }
        say(String.format("%-44s median %6.0f ms  worst %6.0f ms  [%s]", what, Stats.median(ms), Stats.max(ms), all));
    }

    void write() throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text.toString());
    }
}
