package dev.parley.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a running process holds, read from Linux's /proc: its open file descriptors and its threads.
 * Threads the JVM starts and stops by itself under load (JIT compilers, GC workers) are not counted, so
 * that the count says what the program did. Stateless.
 */
public final class ProcessStats {
    private static final List<String> JVM_DYNAMIC = List.of("C1 CompilerThre", "C2 CompilerThre", "GC Thread#",
            "G1 Conc#", "G1 Refine#", "G1 Service");

    private ProcessStats() {}

    public static long fds(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        }
    }

    public static long threads(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.filter(t -> !jvmDynamic(t)).count();
        }
    }

    /** What each descriptor is (a file's path, socket:[inode], pipe:[inode], anon_inode:...), for failure messages. */
    public static List<String> fdTargets(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException gone) {
                    return "?";
                }
            }).sorted().toList();
        }
    }

    /** Thread names (as /proc shows them, cut to 15 bytes), for failure messages. */
    public static List<String> threadNames(long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return s.map(ProcessStats::comm).sorted().toList();
        }
    }

    private static boolean jvmDynamic(Path task) {
        String name = comm(task);
        return JVM_DYNAMIC.stream().anyMatch(name::startsWith);
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).strip();
        } catch (IOException gone) {
            return "";
        }
    }
}
