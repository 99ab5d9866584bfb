package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.chat.ChatListener;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.Warning;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole peer started in this process, mDNS off, on loopback: a port the user chose is used or refused,
 * only the default one gives way to a free port and says so, {@code --listen} binds one address, and a
 * key log in use is said to the front end at start.
 */
class ListenAndPortTest {
    @TempDir
    Path state;

    private final BlockingQueue<Warning> warnings = new LinkedBlockingQueue<>();

    private Settings settings(Map<String, String> commandLine) throws SettingsException {
        Map<String, String> cli = new java.util.HashMap<>(Map.of("nick", "t", "mdns", "false", "listen", "127.0.0.1"));
        cli.putAll(commandLine);
        return SettingsLoader.load(Settings.defaults("t"), state, Map.of(), cli);
    }

    private Parley start(Settings s, Map<String, String> env) throws StartupException {
        return Parley.start(state, s, env, EarlyIdentity.start(state), chat -> chat.addListener(new Warnings()));
    }

    private Warning warning(String code) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Warning w; (w = warnings.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
            if (w.code().equals(code)) {
                return w;
            }
        }
        throw new AssertionError("no " + code + " warning");
    }

    /** Holds a loopback port; a port someone else already holds is taken all the same. */
    private static ServerSocket hold(int port) throws IOException {
        ServerSocket s = new ServerSocket();
        try {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException takenAlready) {
            s.close();
            return null;
        }
        return s;
    }

    @Test
    void anExplicitDefaultPortThatIsTakenIsRefusedNotReplaced() throws Exception {
        ServerSocket held = hold(Settings.DEFAULT_PORT);
        try {
            StartupException e = assertThrows(StartupException.class,
                    () -> start(settings(Map.of("port", "7447")), Map.of()).close());
            assertEquals("cannot start: port 7447 is in use (Address already in use); choose another with --port, "
                    + "or --port 0 for any free port", e.getMessage());
            assertFalse(e.usage, "a runtime failure (exit 1), not a usage error");
        } finally {
            if (held != null) {
                held.close();
            }
        }
    }

    @Test
    void anyOtherChosenPortThatIsTakenIsRefusedToo() throws Exception {
        try (ServerSocket held = hold(0)) {
            assertNotNull(held);
            StartupException e = assertThrows(StartupException.class,
                    () -> start(settings(Map.of("port", Integer.toString(held.getLocalPort()))), Map.of()).close());
            assertTrue(e.getMessage().startsWith("cannot start: port " + held.getLocalPort() + " is in use"),
                    e.getMessage());
        }
    }

    @Test
    void theDefaultPortGivesWayToAFreeOneAndSaysSo() throws Exception {
        try (ServerSocket held = hold(0)) {
            assertNotNull(held);
            int taken = held.getLocalPort();
            Settings s = settings(Map.of());
            // the built-in default, as if it were this taken port: nobody chose it
            Settings unchosen = new Settings(s.nick(), taken, s.interfaces(), s.peers(), s.networkKey(), s.mdns(),
                    s.logLevel(), s.bell(), s.typing(), false, s.listen(), s.downloads(),
                    s.autoAcceptVerified(), s.dnsSd(), s.dnsSdDomains(), s.dnsSdRegister(), s.dnsSdKey(),
                    s.notifications(), s.notifyContent(), s.theme(), s.links(), s.roomsAutoRejoin());
            try (Parley p = start(unchosen, Map.of())) {
                assertNotEquals(taken, p.port());
                Warning w = warning("port-in-use");
                assertEquals("port " + taken + " is in use (another Parley?); listening on port " + p.port()
                        + " instead. Peers that know this one by address will not find it: choose a port with --port",
                        w.message());
                assertEquals(Integer.toString(p.port()), w.details().get("listening"));
            }
        }
    }

    @Test
    void listenBindsThatOneAddress() throws Exception {
        try (Parley p = start(settings(Map.of("port", "0", "listen", "127.0.0.2")), Map.of())) {
            assertEquals(List.of("127.0.0.2"), p.addresses(), "the address shown is the one we listen on");
            try (Socket ok = new Socket()) {
                ok.connect(new InetSocketAddress("127.0.0.2", p.port()), 5000);
            }
            try (Socket no = new Socket()) {
                assertThrows(ConnectException.class, () -> no.connect(new InetSocketAddress("127.0.0.1", p.port()), 5000),
                        "not on every address");
            }
        }
    }

    @Test
    void listenOnAnAddressThatIsNotOursSaysSo() throws Exception {
        StartupException e = assertThrows(StartupException.class,
                () -> start(settings(Map.of("port", "0", "listen", "192.0.2.1")), Map.of()).close());
        assertTrue(e.getMessage().startsWith("cannot start: cannot listen on 192.0.2.1 (")
                && e.getMessage().endsWith("; is it an address of this machine?)"), e.getMessage());
    }

    @Test
    void aKeyLogInUseIsAWarningAtStart() throws Exception {
        Path keys = state.resolve("keys.log");
        try (Parley p = start(settings(Map.of("port", "0")), Map.of("PARLEY_KEYLOGFILE", keys.toString()))) {
            assertTrue(p.port() > 0);
            Warning w = warning("keylog");
            assertEquals("PARLEY_KEYLOGFILE is set: the keys of every session are written to " + keys
                    + "; anyone who can read that file can decrypt captured traffic. Unset it unless you are debugging.",
                    w.message());
            assertEquals(keys.toString(), w.details().get("file"));
        }
    }

    private final class Warnings implements ChatListener {
        @Override public void peerChanged(PeerInfo peer) { }
        @Override public void messageReceived(ChatMessage message) { }
        @Override public void messageStatusChanged(ChatMessage message) { }

        @Override
        public void warning(Warning warning) {
            warnings.add(warning);
        }
    }
}
