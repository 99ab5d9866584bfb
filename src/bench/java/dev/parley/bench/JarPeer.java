package dev.parley.bench;

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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Parley process started as a user starts it, {@code java -jar target/parley.jar --headless}, on this
 * machine or (prefixed with {@code ip netns exec HOST}) on a lab host. Every event is kept with the
 * {@link System#nanoTime} at which its line was read, except the lines a {@link Tap} takes. One
 * benchmark thread (or one writer thread at a time: {@link #write}) plus the peer's reader thread.
 */
final class JarPeer implements AutoCloseable {
    /** An event and when it was read. */
    record Timed(long nanos, JsonObject event) {}

    /**
     * Sees each output line first, on the reader thread, with the {@link System#nanoTime} at which it was
     * read, before it is parsed; true when it took the line, which is then neither parsed nor kept. For
     * benchmarks that count thousands of events as they come rather than keep them all. Must be quick
     * (the peer's output waits for it); an exception it throws counts as taking the line and is kept for
     * {@link #tapFailure}.
     */
    interface Tap {
        boolean take(long nanos, String line);
    }

    final String nick;
    final long launchedNanos;
    private final Process process;
    private final Writer in;
    private final List<Timed> events = new ArrayList<>();
    private final StringBuilder stderr = new StringBuilder();
    private boolean eof; // guarded by events
    private volatile Tap tap;
    private volatile RuntimeException tapFailure;

    private JarPeer(String nick, Process process, long launchedNanos) {
        this.nick = nick;
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread out = new Thread(this::readEvents, "bench-" + nick + "-out");
        out.setDaemon(true);
        out.start();
        Thread err = new Thread(this::readErrors, "bench-" + nick + "-err");
        err.setDaemon(true);
        err.start();
    }

    /** The jar under test. */
    static Path jar() {
        return Path.of(System.getProperty("parley.jar", "target/parley.jar")).toAbsolutePath();
    }

    /** The command line that starts a headless peer; {@code prefix} runs it elsewhere (a namespace). */
    static List<String> command(List<String> prefix, String nick, Path home, String... args) throws IOException {
        return command(prefix, List.of(), nick, home, args);
    }

    /** As above, with these JVM options before {@code -jar} (a small heap, say, for many peers at once). */
    static List<String> command(List<String> prefix, List<String> jvmOptions, String nick, Path home, String... args)
            throws IOException {
        Files.createDirectories(home);
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString(), "--headless", "--home", home.toString(), "--nick", nick));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static JarPeer start(String nick, List<String> command) throws IOException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).start();
        return new JarPeer(nick, p, t0);
    }

    private void readEvents() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long t = System.nanoTime();
                if (tapped(t, line)) {
                    continue;
                }
                JsonObject e = JsonParser.parseString(line).getAsJsonObject();
                synchronized (events) {
                    events.add(new Timed(t, e));
                    events.notifyAll();
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        synchronized (events) {
            eof = true;
            events.notifyAll();
        }
    }

    private boolean tapped(long nanos, String line) {
        Tap t = tap;
        if (t == null) {
            return false;
        }
        try {
            return t.take(nanos, line);
        } catch (RuntimeException e) {
            if (tapFailure == null) {
                tapFailure = e;
            }
            return true;
        }
    }

    /** From now on, {@code t} sees every line first (null: none). */
    void tap(Tap t) {
        tap = t;
    }

    /** The first exception the tap threw, or null. */
    RuntimeException tapFailure() {
        return tapFailure;
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

    /** The first event (since the start) matching; fails after the deadline. */
    Timed await(String what, long millis, Predicate<JsonObject> match) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (events) {
            while (true) {
                for (Timed t : events) {
                    if (match.test(t.event)) {
                        return t;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0 || eof) {
                    throw new IllegalStateException(nick + ": no " + what + " within " + millis + " ms; stderr: " + stderr());
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /** How many events have been kept so far: a mark for {@link #awaitFrom}. */
    int mark() {
        synchronized (events) {
            return events.size();
        }
    }

    /** The first event matching among those kept from number {@code from} on ({@link #mark}); fails after the deadline. */
    Timed awaitFrom(int from, String what, long millis, Predicate<JsonObject> match) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (events) {
            for (int i = from; ; i++) {
                while (i >= events.size()) {
                    long left = end - System.nanoTime();
                    if (left <= 0 || eof) {
                        throw new IllegalStateException(nick + ": no " + what + " within " + millis + " ms; stderr: "
                                + stderr());
                    }
                    TimeUnit.NANOSECONDS.timedWait(events, left);
                }
                if (match.test(events.get(i).event)) {
                    return events.get(i);
                }
            }
        }
    }

    /** The {@code error} events kept, as text. */
    String errors() {
        synchronized (events) {
            return events.stream().filter(t -> "error".equals(str(t.event, "event"))).map(t -> t.event.toString()).toList()
                    .toString();
        }
    }

    /** Milliseconds from launch to the first event matching. */
    double millisTo(String what, long timeoutMillis, Predicate<JsonObject> match) throws InterruptedException {
        return (await(what, timeoutMillis, match).nanos - launchedNanos) / 1e6;
    }

    Timed ready(long timeoutMillis) throws InterruptedException {
        return await("ready", timeoutMillis, e -> "ready".equals(str(e, "event")));
    }

    /** The first time this peer lists a peer with this nickname as online. */
    Timed online(String peerNick, long timeoutMillis) throws InterruptedException {
        return await(peerNick + " online", timeoutMillis, e -> "peer".equals(str(e, "event"))
                && "online".equals(str(e, "state")) && peerNick.equals(str(e, "nick")));
    }

    /** How many events have been kept so far. */
    int count() {
        synchronized (events) {
            return events.size();
        }
    }

    /** The events kept from index {@code from} on (a copy). */
    List<Timed> eventsFrom(int from) {
        synchronized (events) {
            return new ArrayList<>(events.subList(Math.min(from, events.size()), events.size()));
        }
    }

    long pid() {
        return process.pid();
    }

    void send(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
    }

    /**
     * A command line into the buffer in front of the peer's standard input, which goes out when it is full
     * (blocking while the pipe is) or at {@link #flush}: for writing many commands as fast as the pipe
     * takes them.
     */
    void write(String command) throws IOException {
        in.write(command);
        in.write('\n');
    }

    void flush() throws IOException {
        in.flush();
    }

    /** Waits until the peer's standard output has ended (it exited); false if not within the time. */
    boolean awaitEof(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        synchronized (events) {
            while (!eof) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
            return true;
        }
    }

    /** {@code /quit} and wait; kills it if it does not leave within 10 s. */
    void quit() throws InterruptedException {
        try {
            send("/quit");
            in.close();
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            close();
        }
    }

    String stderr() {
        synchronized (stderr) {
            return stderr.toString();
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String str(JsonObject e, String field) {
        return e.has(field) && !e.get(field).isJsonNull() ? e.get(field).getAsString() : null;
    }
}
