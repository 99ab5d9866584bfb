package dev.parley.app;

import dev.parley.chat.Chat;
import dev.parley.headless.Headless;
import dev.parley.tui.FullScreenUi;
import dev.parley.tui.UiOptions;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Entry point. Exit codes: 0 ok, 1 runtime failure, 2 usage (a bad option or argument, or a bad setting,
 * given on the command line, in parley.properties or in a PARLEY_* variable).
 */
@Command(name = "parley", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        subcommands = {IdCommand.class, KeygenCommand.class},
        description = {"Secure peer-to-peer chat for the local network, in the terminal.", "",
                "Without a command, opens the full-screen UI; --headless speaks JSON lines on",
                "standard input and output instead (see the README)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:runtime failure (the message says what)", "2:usage: a bad option or setting"})
public final class Main implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    @Option(names = "--home", paramLabel = "DIR",
            description = "State folder: identity, known peers, parley.properties, parley.log "
                    + "(default: $XDG_CONFIG_HOME/parley or ~/.config/parley).")
    String home;

    @Option(names = "--headless", description = "Run without the full-screen UI: commands on stdin, JSON events on stdout.")
    boolean headless;

    @Option(names = "--plain", description = "Run line by line, for screen readers and simple terminals: commands as typed, plain text lines out.")
    boolean plain;

    @Mixin
    SettingsOptions options = new SettingsOptions();

    @Spec
    CommandLine.Model.CommandSpec spec;

    /** Where messages for the user go when picocli did not parse the command line (then it is picocli's). */
    private PrintWriter quickErr;

    public static void main(String[] args) {
        // JmDNS reads its record TTL once, when its classes load: announcements live 2 minutes, as
        // RFC 6762 §10 recommends for records naming hosts, so a peer that vanished without a goodbye
        // is forgotten in minutes, not in JmDNS's default hour.
        System.setProperty("net.dns.ttl", System.getProperty("net.dns.ttl", "120"));
        // slf4j straight to logback, quiet, without searching for providers (QuietLogback); slf4j says
        // at info level that it uses the named provider, on stderr: only its warnings and errors pass.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", QuietLogback.class.getName());
            System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "WARN"));
        }
        System.exit(execute(args, null, null));
    }

    /**
     * Runs the command line and returns the exit code. A plain start ({@link QuickArgs}) runs without
     * picocli; everything else, and every mistake, goes through picocli. {@code out} and {@code err}
     * replace standard output and error for messages to the user ({@code null}: the standard streams,
     * as picocli writes them); the headless front end always speaks on standard output.
     */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        Main quick = QuickArgs.parse(args);
        if (quick == null) {
            return Picocli.execute(args, out, err);
        }
        quick.quickErr = err != null ? err : stderrWriter();
        try {
            return quick.call();
        } catch (RuntimeException e) {
            // as picocli's execute does with an exception from call(): the trace, and exit code 1
            e.printStackTrace(quick.quickErr);
            quick.quickErr.flush();
            return FAILURE;
        }
    }

    /** Standard error as picocli's default writer makes it: its encoding, autoflush on println. */
    private static PrintWriter stderrWriter() {
        String name = System.getProperty("sun.stderr.encoding");
        java.nio.charset.Charset charset;
        try {
            charset = name == null ? java.nio.charset.Charset.defaultCharset()
                    : java.nio.charset.Charset.forName("cp65001".equalsIgnoreCase(name) ? "UTF-8" : name);
        } catch (RuntimeException unknown) {
            charset = java.nio.charset.Charset.defaultCharset();
        }
        return new PrintWriter(new java.io.BufferedWriter(new OutputStreamWriter(System.err, charset)), true);
    }

    private PrintWriter err() {
        return quickErr != null ? quickErr : spec.commandLine().getErr();
    }

    /** picocli's part, in a class of its own so that a quick start never loads picocli's classes. */
    private static final class Picocli {
        static int execute(String[] args, PrintWriter out, PrintWriter err) {
            CommandLine cl = commandLine();
            if (out != null) {
                cl.setOut(out);
            }
            if (err != null) {
                cl.setErr(err);
            }
            return cl.execute(args);
        }
    }

    /**
     * The command line as Parley runs it. A usage error prints the one error (and picocli's suggestion
     * for a misspelt option), then a hint to {@code --help}, as git and OpenSSH do: not the whole usage.
     */
    static CommandLine commandLine() {
        return new CommandLine(new Main()).setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter w = c.getErr();
            w.println("parley: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, w);
            w.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            w.flush();
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
    }

    @Override
    public Integer call() {
        PrintWriter err = err();
        Map<String, String> env = System.getenv();
        Path stateDir;
        try {
            stateDir = StateDir.resolve(home);
        } catch (IllegalArgumentException e) {
            err.println("parley: " + e.getMessage());
            return USAGE;
        }
        Settings settings;
        EarlyIdentity identity = null;
        try {
            StateDir.create(stateDir); // 0700: it holds our private key and the log
            settings = SettingsLoader.load(stateDir, env, options.values());
            identity = EarlyIdentity.start(stateDir);
            Logging.configure(stateDir, settings.logLevel());
        } catch (SettingsException e) {
            err.println("parley: " + e.getMessage());
            return USAGE; // wherever the setting was: the option, parley.properties or PARLEY_*
        } catch (IOException e) {
            if (identity != null) {
                identity.await();
            }
            err.println("parley: cannot use the state folder " + stateDir + ": " + e.getMessage());
            return FAILURE;
        }
        try {
            return headless || plain ? runHeadless(stateDir, settings, env, identity)
                    : runFullScreen(stateDir, settings, env, identity);
        } finally {
            identity.await();
            Logging.stop();
        }
    }

    private int runHeadless(Path stateDir, Settings settings, Map<String, String> env, EarlyIdentity identity) {
        AtomicReference<Headless> front = new AtomicReference<>();
        return serve(stateDir, settings, env, identity, (chat, rooms) -> front.set(Headless.attach(chat, rooms,
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                plain && !headless ? new dev.parley.headless.PlainLines(standardOutput(), java.time.ZoneId.systemDefault())
                        : standardOutput(),
                Threads.headlessOutput())), parley -> new FrontEnd() {
                    @Override public void run() throws IOException {
                        front.get().ready(parley.port(), parley.addresses());
                        front.get().run(); // returns once the events queued are written (or stdout is stuck)
                    }

                    @Override public void stop() {
                        front.get().stop(); // a signal: write what is queued, within the same bounded wait
                    }
                });
    }

    /**
     * Standard output for events, not through {@code System.out}: a {@code PrintStream} swallows write
     * errors, and the headless writer must see a broken pipe to stop writing. Buffered, flushed by the writer.
     */
    private static Writer standardOutput() {
        return new OutputStreamWriter(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
                StandardCharsets.UTF_8);
    }

    private int runFullScreen(Path stateDir, Settings settings, Map<String, String> env, EarlyIdentity identity) {
        if (!FullScreenUi.terminalAvailable()) {
            err().println(
                    "parley: no terminal here for the full-screen UI; use --headless for scripts and pipes");
            return FAILURE;
        }
        // The UI attaches before the engine starts (so that no message is acknowledged before it is on the
        // screen), and is built once the listener's port is known; it takes its first picture of peers and
        // conversations when it starts drawing.
        AtomicReference<FullScreenUi.Attached> attached = new AtomicReference<>();
        return serve(stateDir, settings, env, identity, (chat, rooms) -> attached.set(FullScreenUi.attach(chat, rooms)), parley -> {
            List<String> addresses = parley.addresses();
            FullScreenUi ui = new FullScreenUi(attached.get(), new UiOptions(addresses.isEmpty() ? "127.0.0.1" : addresses.get(0),
                    parley.port(), parley.networkKeyInUse(), settings.bell(), settings.typing(),
                    notifications(settings), settings.notifyContent(), theme(settings, env), settings.links()));
            ui.status(parley.status());
            return new FrontEnd() {
                @Override public void run() throws IOException {
                    ui.runInTerminal(System.in, System.out);
                }

                @Override public void stop() {
                    ui.requestQuit();
                }

                @Override public boolean awaitStopped(java.time.Duration wait) throws InterruptedException {
                    return ui.awaitLeft(wait);
                }
            };
        });
    }

    /** {@code notify} as set, unless {@code bell = false} turned every notification off. */
    public static dev.parley.tui.Notify notifications(Settings s) {
        return s.bell() ? s.notifications() : dev.parley.tui.Notify.OFF;
    }

    /** {@code theme} as set, but none when {@code NO_COLOR} is set to anything (no-color.org). */
    public static dev.parley.tui.Theme theme(Settings s, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return noColor != null && !noColor.isEmpty() ? dev.parley.tui.Theme.NONE : s.theme();
    }

    /** A front end's loop, and how to end it from a signal (SIGTERM, SIGHUP, SIGINT). */
    private interface FrontEnd {
        void run() throws IOException;

        /** Asks {@link #run} to end; bounded. */
        void stop();

        /** Waits at most {@code wait} for what {@link #stop} asked to be done: false if it is not. */
        default boolean awaitStopped(java.time.Duration wait) throws InterruptedException {
            return true;
        }
    }

    /**
     * How long a signal's shutdown waits, from the signal on, for the full-screen UI to give the terminal back
     * (it takes milliseconds): past that, the UI is blocked writing to a terminal nobody reads, and Parley exits
     * all the same, the goodbyes sent meanwhile.
     */
    static final java.time.Duration FRONT_END_WAIT = java.time.Duration.ofSeconds(2);

    /**
     * Starts a peer with the front end attached, runs the front end on this thread, and stops the
     * peer when it returns or when the process is told to end; a failure is one line on stderr.
     */
    private int serve(Path stateDir, Settings settings, Map<String, String> env, EarlyIdentity identity,
                      java.util.function.BiConsumer<Chat, dev.parley.rooms.RoomsEngine> attach,
                      Function<Parley, FrontEnd> frontEnd) {
        PrintWriter err = err();
        Parley parley;
        try {
            parley = Parley.start(stateDir, settings, env, identity, attach);
        } catch (StartupException e) {
            err.println("parley: " + e.getMessage());
            return e.usage ? USAGE : FAILURE;
        }
        FrontEnd front = frontEnd.apply(parley);
        // A signal (SIGTERM, SIGHUP: the terminal gone): the front end is asked to end, the peer stops (goodbyes)
        // meanwhile, and the UI gets what is left of FRONT_END_WAIT to give the terminal back. Nothing here
        // waits without a deadline, so a terminal nobody reads cannot keep the process alive.
        Thread hook = new Thread(() -> {
            long start = System.nanoTime();
            front.stop();
            parley.close();
            java.time.Duration left = FRONT_END_WAIT.minusNanos(System.nanoTime() - start);
            try {
                if (!front.awaitStopped(left.isNegative() ? java.time.Duration.ZERO : left)) {
                    LoggerFactory.getLogger(Main.class).warn("the terminal was not given back within {} ms (nobody"
                            + " reads it?): exiting without restoring it", FRONT_END_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "parley-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            front.run();
            return OK;
        } catch (IOException | RuntimeException e) {
            LoggerFactory.getLogger(Main.class).error("front end failed", e);
            err.println("parley: " + e.getMessage());
            return FAILURE;
        } finally {
            QuitSignals.quitting(); // a second Ctrl-C while we stop is harmless, not exit 130
            parley.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: nothing to undo
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"parley " + (v == null ? "dev" : v) + " (protocol 1)"};
        }
    }
}
