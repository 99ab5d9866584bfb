package dev.parley.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child process that takes commands on stdin and answers in lines on stdout (such as
 * {@link MdnsAttacker}): tests send a command and wait, with a deadline, for the lines that answer it.
 * Thread-safe for one test thread plus its own reader threads.
 */
public final class LineProcess {
    private static final String EOF = "\u0000EOF";
    private final String name;
    private final Process process;
    private final Writer in;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder stderr = new StringBuilder();

    public LineProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("lab-" + name + "-out", () -> {
            try (BufferedReader r = reader(process.getInputStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add(EOF);
        });
        daemon("lab-" + name + "-err", () -> {
            try (BufferedReader r = reader(process.getErrorStream())) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    /** {@link MdnsAttacker} on lab host i, on its {@code eth0}. */
    public static LineProcess attacker(Lab lab, int host) throws IOException {
        return new LineProcess("attacker", lab.start(host, Lab.java(MdnsAttacker.class.getName(), List.of(), List.of("eth0"))));
    }

    public void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /**
     * The lines from now up to and including the first that matches {@code last}; fails after the deadline
     * or when the process ends first.
     */
    public List<String> until(Predicate<String> last, long seconds) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> got = new ArrayList<>();
        while (true) {
            String line = lines.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null || line.equals(EOF)) {
                throw new AssertionError(name + ": " + (line == null ? "no answer within " + seconds + " s" : "ended")
                        + " after " + got.size() + " lines; stderr:\n" + stderr());
            }
            got.add(line);
            if (last.test(line)) {
                return got;
            }
        }
    }

    public String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    public Process process() {
        return process;
    }

    private static BufferedReader reader(java.io.InputStream s) {
        return new BufferedReader(new InputStreamReader(s, StandardCharsets.UTF_8));
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
