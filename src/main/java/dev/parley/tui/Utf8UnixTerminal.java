package dev.parley.tui;

import com.googlecode.lanterna.terminal.ansi.UnixLikeTerminal;
import com.googlecode.lanterna.terminal.ansi.UnixTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lanterna 3.1.3's text terminal writes strings one {@code char} at a time, so a character outside the
 * Basic Multilingual Plane (most emoji, rare CJK) reaches the terminal as two lone surrogates, printed
 * "??" (lanterna issue #505), and it writes a NUL after every character that takes two bytes in UTF-8.
 * This terminal writes each cell whole and exactly (see {@link CellOutput}), and the cells of a link inside
 * one OSC 8 hyperlink ({@link Hyperlink}): opened before the first, closed before anything that is not part
 * of it, a move of the cursor, a control sequence or a flush, so a link never runs on.
 * <p>
 * Lanterna also registers a shutdown hook that gives the terminal back on any exit: it writes to the terminal
 * and runs {@code stty}, without a deadline, beside the UI thread's own restore. When nobody reads the terminal
 * any more (the UI blocked in a write, holding the output's lock), that hook waits for the lock for ever and the
 * JVM never exits: SIGTERM hung. So this terminal removes that hook; the UI thread gives the terminal back
 * itself ({@code FullScreenUi}), and on a signal Parley's shutdown waits for it within a deadline. UI thread only.
 */
final class Utf8UnixTerminal extends UnixTerminal implements RawOutput {
    private static final Logger log = LoggerFactory.getLogger(Utf8UnixTerminal.class);
    private final CellOutput cells;
    private final Hyperlink.Writer links = new Hyperlink.Writer();

    Utf8UnixTerminal(InputStream in, OutputStream out) throws IOException {
        super(in, out, charset(), CtrlCBehaviour.TRAP);
        this.cells = new CellOutput(getCharset());
        getInputDecoder().addProfile(TerminalKeys.PROFILE);
        keysOurs();
        withoutLanternasShutdownHook();
    }

    /** Removes Lanterna's shutdown hook (see above); where that fails, it stays, and says so in the log. */
    private void withoutLanternasShutdownHook() {
        try {
            java.lang.reflect.Field hook = lanternasShutdownHook();
            hook.setAccessible(true);
            Runtime.getRuntime().removeShutdownHook((Thread) hook.get(this));
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Lanterna's shutdown hook stays: a signal may not end Parley while its terminal is not read ({})",
                    e.toString());
        }
    }

    /** Where Lanterna 3.1 keeps its shutdown hook (a test checks that it is there). */
    static java.lang.reflect.Field lanternasShutdownHook() throws NoSuchFieldException {
        return UnixLikeTerminal.class.getDeclaredField("shutdownHook");
    }

    /**
     * Ctrl-Z and Ctrl-S/Ctrl-Q come to us as keys: Ctrl-Z so that we can restore the terminal before we stop
     * ({@link #suspend}), Ctrl-S for searching (it would otherwise freeze the output). Lanterna has already
     * saved the settings to restore on leaving.
     */
    private void keysOurs() throws IOException {
        runSTTYCommand("susp", "undef", "-ixon");
    }

    /**
     * Ctrl-Z: puts the terminal back as it was, stops the whole job (as the terminal's own Ctrl-Z would:
     * {@code kill -TSTP 0}), and once continued ({@code fg}) takes the terminal again, raw, for the caller to
     * redraw. Returns when continued (or at once if nothing stopped us: a job without job control).
     */
    void suspend() throws IOException {
        restoreTerminalSettings();
        java.util.concurrent.CountDownLatch continued = new java.util.concurrent.CountDownLatch(1);
        sun.misc.SignalHandler before = null;
        try {
            before = sun.misc.Signal.handle(new sun.misc.Signal("CONT"), sig -> continued.countDown());
        } catch (IllegalArgumentException noSuchSignal) {
            continued.countDown();
        }
        try {
            Process kill = new ProcessBuilder("kill", "-TSTP", "0").redirectErrorStream(true).start();
            kill.getInputStream().readAllBytes();
            kill.waitFor();
            // Stopped by now, or never (SIGTSTP is discarded for a job no shell controls): not for long, then.
            continued.await(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (before != null) {
                sun.misc.Signal.handle(new sun.misc.Signal("CONT"), before);
            }
            canonicalMode(false);
            keyEchoEnabled(false);
            keyStrokeSignalsEnabled(false);
            keysOurs();
        }
    }

    /** The terminal's encoding: the JVM's, unless that cannot encode Unicode at all (a bare POSIX locale). */
    private static Charset charset() {
        Charset c = Charset.defaultCharset();
        return c.newEncoder().canEncode('\u00e9') ? c : StandardCharsets.UTF_8;
    }

    @Override
    public void setCursorPosition(int x, int y) throws IOException {
        closeLink();
        cells.moved(x);
        super.setCursorPosition(x, y);
    }

    @Override
    public void putString(String string) throws IOException {
        Hyperlink.Writer.Out out = links.cell(string);
        if (!out.control().isEmpty()) {
            writeToTerminal(out.control().getBytes(StandardCharsets.US_ASCII));
        }
        string = out.text();
        if (isUtf8() || hasSurrogates(string)) {
            writeToTerminal(cells.cell(string));
        } else {
            super.putString(string); // keeps Lanterna's line-drawing fallbacks for other encodings
        }
    }

    @Override
    public void flush() throws IOException {
        closeLink();
        super.flush();
    }

    private void closeLink() throws IOException {
        String close = links.close();
        if (!close.isEmpty()) {
            writeToTerminal(close.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void putCharacter(char c) throws IOException {
        closeLink();
        if (isUtf8()) {
            writeToTerminal(cells.cell(String.valueOf(c)));
        } else {
            super.putCharacter(c);
        }
    }

    /** Writes bytes as they are (an OSC sequence, a mode switch). */
    @Override
    public void writeRaw(byte[] bytes) throws IOException {
        closeLink();
        writeToTerminal(bytes);
        flush();
    }

    private boolean isUtf8() {
        return StandardCharsets.UTF_8.equals(getCharset());
    }

    static boolean hasSurrogates(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isSurrogate(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
