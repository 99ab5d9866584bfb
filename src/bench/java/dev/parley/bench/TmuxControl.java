package dev.parley.bench;

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

/**
 * A real terminal driven fast enough to time keystrokes: a tmux server of its own (on a socket file the caller
 * names, so the user's sessions are never touched) with one detached session of a fixed size, and one control
 * mode client ({@code tmux -C}, without pane output) that sends it commands over a pipe. A command and its
 * answer take a fraction of a millisecond, where a {@code tmux send-keys} process takes milliseconds to start.
 * One benchmark thread plus the control client's reader thread; {@link #command} is not for concurrent use.
 */
final class TmuxControl implements AutoCloseable {
    private static final String SESSION = "tui";

    /** A command's answer: its output lines, and whether tmux reported an error. */
    private record Reply(boolean ok, List<String> lines) {}

    private final Path socket;
    private final Process control;
    private final Writer in;
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();

    private TmuxControl(Path socket) throws IOException {
        this.socket = socket;
        ProcessBuilder pb = new ProcessBuilder("tmux", "-u", "-S", socket.toString(), "-C", "attach-session",
                "-f", "no-output", "-t", SESSION);
        environment(pb);
        this.control = pb.start();
        this.in = new OutputStreamWriter(control.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readReplies, "bench-tmux-control");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * A new server on {@code socket} with one {@code columns}x{@code rows} session running {@code shellCommand}
     * (a line for {@code sh -c}) in a UTF-8 locale, and a control client attached to it.
     */
    static TmuxControl start(Path socket, int columns, int rows, String shellCommand)
            throws IOException, InterruptedException {
        run(socket, "new-session", "-d", "-s", SESSION, "-x", String.valueOf(columns), "-y", String.valueOf(rows),
                shellCommand);
        TmuxControl t;
        try {
            t = new TmuxControl(socket);
            t.take(); // the answer to attach-session itself
        } catch (IOException | RuntimeException e) {
            kill(socket);
            throw e;
        }
        return t;
    }

    /** Types text literally, as if pasted key by key. */
    void type(String text) throws IOException, InterruptedException {
        command("send-keys -t " + SESSION + " -l " + quote(text));
    }

    /** Presses keys by tmux name ({@code Enter}, {@code BSpace}, {@code C-c}, ...). */
    void keys(String names) throws IOException, InterruptedException {
        command("send-keys -t " + SESSION + " " + names);
    }

    /** One row of the visible screen (0 is the top), trailing blanks removed. */
    String row(int row) throws IOException, InterruptedException {
        List<String> lines = command("capture-pane -p -t " + SESSION + " -S " + row + " -E " + row);
        return lines.isEmpty() ? "" : lines.get(0).stripTrailing();
    }

    /** The visible screen, one string per row. */
    List<String> screen() throws IOException, InterruptedException {
        return command("capture-pane -p -t " + SESSION);
    }

    /** A tmux format for the pane, e.g. {@code #{pane_pid}}. */
    String display(String format) throws IOException, InterruptedException {
        List<String> lines = command("display-message -p -t " + SESSION + " " + quote(format));
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    /** Runs one tmux command and returns its output; fails when tmux reports an error. */
    List<String> command(String line) throws IOException, InterruptedException {
        in.write(line + "\n");
        in.flush();
        Reply r = take();
        if (!r.ok()) {
            throw new IOException("tmux: " + line + ": " + String.join(" ", r.lines()));
        }
        return r.lines();
    }

    private Reply take() throws IOException, InterruptedException {
        Reply r = replies.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new IOException("tmux's control client did not answer within 10 s");
        }
        return r;
    }

    /** Blocks are {@code %begin ...} output lines {@code %end ...} or {@code %error ...}; the rest is news. */
    private void readReplies() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(control.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            List<String> block = null;
            while ((line = r.readLine()) != null) {
                if (block == null) {
                    if (line.startsWith("%begin ")) {
                        block = new ArrayList<>();
                    }
                } else if (line.startsWith("%end ") || line.startsWith("%error ")) {
                    replies.add(new Reply(line.startsWith("%end "), block));
                    block = null;
                } else {
                    block.add(line);
                }
            }
        } catch (IOException e) {
            // the control client ended
        }
    }

    @Override
    public void close() {
        try {
            long pid = Long.parseLong(display("#{pane_pid}"));
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        } catch (IOException | RuntimeException e) {
            // no pane left: nothing runs in it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        control.destroy();
        kill(socket);
    }

    private static void kill(Path socket) {
        try {
            run(socket, "kill-server");
        } catch (IOException | RuntimeException e) {
            // the server is gone already
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // a stale socket file in a temporary folder harms nobody
        }
    }

    private static void run(Path socket, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-u", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        environment(pb);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6))) + " failed: " + out.strip());
        }
    }

    private static void environment(ProcessBuilder pb) {
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("TMUX");
    }

    /** A word for tmux's command parser: single-quoted, with single quotes escaped. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** Null when tmux can run here, else why not. */
    static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "'tmux -V' failed: " + v;
        } catch (IOException e) {
            return "tmux is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
