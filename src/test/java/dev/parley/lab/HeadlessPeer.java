package dev.parley.lab;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Parley process in headless mode, on a lab host or on this machine: commands in, JSON events
 * out. Every event is kept ({@link #all()}) and also queued for {@link #await}. Thread-safe enough for
 * one test thread plus its own reader threads.
 */
public final class HeadlessPeer implements AutoCloseable {
    public final String nick;
    public final Path home;
    private final Process process;
    private final Writer in;
    private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
    private final List<JsonObject> all = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();

    private HeadlessPeer(String nick, Path home, Process process) {
        this.nick = nick;
        this.home = home;
        this.process = process;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readEvents, "lab-" + nick + "-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readErrors, "lab-" + nick + "-err");
        err.setDaemon(true);
        err.start();
    }

    /** Starts Parley ({@code dev.parley.app.Main}) on lab host i. */
    public static HeadlessPeer start(Lab lab, int host, String nick, Path home, String... args) throws IOException {
        return new HeadlessPeer(nick, home, lab.start(host, command(nick, home, args)));
    }

    /** Starts Parley on lab host i with extra environment variables (e.g. PARLEY_KEYLOGFILE). */
    public static HeadlessPeer start(Lab lab, int host, String nick, Path home, java.util.Map<String, String> env,
                                     String... args) throws IOException {
        return new HeadlessPeer(nick, home, lab.start(host, command(nick, home, args), env));
    }

    /** Starts Parley on this machine (loopback tests). */
    public static HeadlessPeer startLocal(String nick, Path home, String... args) throws IOException {
        return new HeadlessPeer(nick, home, new ProcessBuilder(command(nick, home, args)).start());
    }

    /**
     * Starts Parley in a network namespace of its own with nothing but a loopback interface that is down
     * ({@code unshare -n}, needs root): no packet can leave, and discovery finds no interface.
     */
    public static HeadlessPeer startUnshared(String nick, Path home, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("unshare", "-n"));
        cmd.addAll(command(nick, home, args));
        return new HeadlessPeer(nick, home, new ProcessBuilder(cmd).start());
    }

    /** A Parley process someone else started (on a {@link RoutedLab} host, say) from {@link #command}. */
    public static HeadlessPeer of(String nick, Path home, Process process) {
        return new HeadlessPeer(nick, home, process);
    }

    /** The command line of a headless Parley with this nickname and state folder (created), debug logging. */
    public static List<String> command(String nick, Path home, String... args) throws IOException {
        Files.createDirectories(home);
        List<String> a = new ArrayList<>(List.of("--headless", "--home", home.toString(), "--nick", nick,
                "--log-level", "debug"));
        a.addAll(List.of(args));
        return Lab.java("dev.parley.app.Main", List.of(), a);
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonObject e = JsonParser.parseString(line).getAsJsonObject();
                synchronized (all) {
                    all.add(e);
                    all.notifyAll();
                }
                events.add(e);
            }
        } catch (IOException | RuntimeException e) {
            // the process ended; await() reports what is missing
        }
    }

    private void readErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // ended
        }
    }

    public void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /** The next event matching, skipping others (they stay in {@link #all()}); fails after the deadline. */
    public JsonObject await(String what, long seconds, Predicate<JsonObject> match) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            JsonObject e = events.poll(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError(nick + ": no " + what + " within " + seconds + " s; stderr: " + stderr());
            }
            if (match.test(e)) {
                return e;
            }
        }
    }

    public JsonObject awaitEvent(String event, long seconds, Predicate<JsonObject> match) throws InterruptedException {
        return await(event + " event", seconds, e -> e.get("event").getAsString().equals(event) && match.test(e));
    }

    /** How many events have arrived so far: a mark for {@link #awaitSeen(int, String, long, Predicate)}. */
    public int mark() {
        synchronized (all) {
            return all.size();
        }
    }

    /**
     * The first event matching among those from number {@code from} on ({@link #mark()}), whether it has
     * arrived already or arrives within the deadline. Leaves the queue of {@link #await} alone.
     */
    public JsonObject awaitSeen(int from, String what, long seconds, Predicate<JsonObject> match)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (all) {
            for (int i = from; ; i++) {
                while (i >= all.size()) {
                    long left = end - System.nanoTime();
                    if (left <= 0) {
                        throw new AssertionError(nick + ": no " + what + " within " + seconds + " s; stderr: " + stderr());
                    }
                    TimeUnit.NANOSECONDS.timedWait(all, left);
                }
                if (match.test(all.get(i))) {
                    return all.get(i);
                }
            }
        }
    }

    public List<JsonObject> all() {
        synchronized (all) {
            return new ArrayList<>(all);
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

    /** Sends {@code /quit} and waits for the exit code. */
    public int quit() throws IOException, InterruptedException {
        send("/quit");
        in.close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError(nick + " did not exit after /quit");
        }
        return process.exitValue();
    }

    /** Kills the process at once, as SIGKILL would. */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** String field of an event, or null. */
    public static String str(JsonObject e, String field) {
        return e.has(field) && !e.get(field).isJsonNull() ? e.get(field).getAsString() : null;
    }
}
