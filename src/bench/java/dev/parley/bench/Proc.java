package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a process from Linux's {@code /proc}. Stateless. */
final class Proc {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux this runs on ({@code getconf CLK_TCK}). */
    static final int TICKS_PER_SECOND = 100;

    private Proc() {}

    /** {utime, stime} in ticks, from {@code /proc/PID/stat} (fields 14 and 15). */
    static long[] cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        // The command name (field 2) may hold spaces; the fields after it start past its closing ')'.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    /** {cutime, cstime} in ticks: the CPU of its children that have ended and been waited for (fields 16 and 17). */
    static long[] childTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[13]), Long.parseLong(f[14])};
    }

    static long rssKb(long pid) throws IOException {
        return Long.parseLong(status(pid, "VmRSS:").replace("kB", "").trim());
    }

    static int threads(long pid) throws IOException {
        return Integer.parseInt(status(pid, "Threads:").trim());
    }

    private static String status(long pid, String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(key)) {
                return line.substring(key.length());
            }
        }
        throw new IOException("no " + key + " in /proc/" + pid + "/status");
    }
}
