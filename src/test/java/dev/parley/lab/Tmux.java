package dev.parley.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Test fixture: a real terminal. A tmux server of its own (on a socket file the caller names, so the user's
 * sessions are never touched) with one detached session of a fixed size; keys go in with send-keys, the screen comes
 * back with capture-pane. {@link #close()} kills whatever runs in the pane and the server, and removes the
 * socket.
 * Not thread-safe.
 */
public final class Tmux implements AutoCloseable {
    private static final String SESSION = "e2e";
    private static final long POLL_MILLIS = 100;

    private final Path socket;
    private List<String> lastScreen = List.of();

    private Tmux(Path socket) {
        this.socket = socket;
    }

    /** Null when tmux can run here, else why not. */
    public static String unavailableReason() {
        try {
            Process p = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? null : "'tmux -V' failed";
        } catch (IOException e) {
            return "tmux is not installed (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * A new server on {@code socket} (a path short enough for a Unix socket) with one {@code columns}x{@code rows}
     * session running {@code shellCommand} (a line for {@code sh -c}), in a UTF-8 locale.
     */
    public static Tmux start(Path socket, int columns, int rows, String shellCommand)
            throws IOException, InterruptedException {
        Tmux t = new Tmux(socket);
        try {
            t.run("new-session", "-d", "-s", SESSION, "-x", String.valueOf(columns), "-y", String.valueOf(rows),
                    shellCommand);
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Presses keys by tmux name ({@code Enter}, {@code Escape}, {@code C-c}, {@code M-n}, ...). */
    public void keys(String... names) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(Arrays.asList(names));
        run(args.toArray(String[]::new));
    }

    /** Types text literally, as if pasted key by key. */
    public void type(String text) throws IOException, InterruptedException {
        run("send-keys", "-t", SESSION, "-l", text);
    }

    /**
     * Pastes {@code text} as a terminal would: {@code paste-buffer -p} wraps it in bracketed-paste marks when
     * the program asked for them ({@code ESC[?2004h}); line breaks go as CR, as when typed.
     */
    public void paste(String text) throws IOException, InterruptedException {
        run("set-buffer", "-b", "parley-paste", text);
        run("paste-buffer", "-p", "-d", "-b", "parley-paste", "-t", SESSION);
    }

    /** The visible screen, one string per row, trailing blanks removed (a wide character appears once). */
    public List<String> screen() throws IOException, InterruptedException {
        List<String> rows = new ArrayList<>();
        for (String row : run("capture-pane", "-p", "-t", SESSION).split("\n", -1)) {
            rows.add(row.stripTrailing());
        }
        while (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
            rows.remove(rows.size() - 1);
        }
        lastScreen = rows;
        return rows;
    }

    /** A tmux format for the pane, e.g. {@code #{alternate_on}}. */
    public String display(String format) throws IOException, InterruptedException {
        return run("display-message", "-p", "-t", SESSION, format).strip();
    }

    /**
     * Polls the screen until {@code ready} holds and returns that screen; fails after the deadline,
     * showing the last screen seen.
     */
    public List<String> await(String what, Duration deadline, Predicate<List<String>> ready)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            List<String> s = screen();
            if (ready.test(s)) {
                return s;
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("the terminal did not show " + what + " within " + deadline.toSeconds()
                        + " s; it shows:\n" + String.join("\n", s));
            }
            Thread.sleep(POLL_MILLIS); // a poll interval: the loop waits on the screen's content, with a deadline
        }
    }

    /** Waits until some row contains {@code text}; returns the screen. */
    public List<String> awaitText(String text, Duration deadline) throws IOException, InterruptedException {
        return await("'" + text + "'", deadline, s -> s.stream().anyMatch(r -> r.contains(text)));
    }

    /** The screen as last captured, for failure messages. */
    public String lastScreen() {
        return String.join("\n", lastScreen);
    }

    @Override
    public void close() {
        try {
            long pid = Long.parseLong(display("#{pane_pid}"));
            ProcessHandle.of(pid).ifPresent(shell -> shell.descendants().forEach(ProcessHandle::destroyForcibly));
        } catch (IOException | RuntimeException e) {
            // no pane left: nothing runs in it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            run("kill-server");
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

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-u", "-S", socket.toString()));
        cmd.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().remove("TMUX");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd.subList(0, Math.min(cmd.size(), 6))) + " failed: "
                    + out.strip());
        }
        return out;
    }
}
