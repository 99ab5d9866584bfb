package dev.parley.discovery;

import dev.parley.chat.DiscoveredPeer;
import dev.parley.chat.DiscoveryListener;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test fixture: runs one {@link JmdnsDiscovery} in its own JVM (started inside a network namespace by
 * the integration tests) and prints one line per event on stdout:
 * {@code READY <fp> <epochMillis> main=<epochMillis> start=<epochMillis>}, {@code FOUND <fp> <nick> <addr,...> <epochMillis>},
 * {@code LOST <fp> <epochMillis>}, {@code CLOSED <millisTaken>}. Reads commands from stdin:
 * {@code nick NAME}, {@code close} (then exits). Exits when stdin ends.
 *
 * <p>Arguments: {@code --interface NAME} (repeatable), {@code --nick NAME}, {@code --seed S} (the
 * fingerprint is derived from it, so a restarted host keeps its identity), {@code --port N}, {@code --plain true} (JmDNS's own timing, without {@link FastStart}).
 */
public final class DiscoveryProbe {
    public static void main(String[] args) throws Exception {
        long mainMillis = System.currentTimeMillis();
        List<String> interfaces = new ArrayList<>();
        String nick = "probe";
        String seed = "probe";
        int port = 7447;
        boolean fastStart = true;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--plain" -> fastStart = !"true".equals(args[i + 1]);
                case "--interface" -> interfaces.add(args[i + 1]);
                case "--nick" -> nick = args[i + 1];
                case "--seed" -> seed = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String fp = fingerprint(seed);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "probe-discovery");
            t.setDaemon(true);
            return t;
        });
        // logging starts up first, as in the app: logback's configuration alone takes about half a second
        org.slf4j.LoggerFactory.getLogger(DiscoveryProbe.class).debug("probe starting");
        long startMillis = System.currentTimeMillis();
        JmdnsDiscovery discovery = new JmdnsDiscovery(InterfaceSelector.select(interfaces),
                Advertisement.v1(nick, fp, port, false), executor, PeerTable.DEFAULT_MAX_PEERS, fastStart);
        discovery.start(new DiscoveryListener() {
            @Override
            public void found(DiscoveredPeer peer) {
                List<String> addrs = peer.addresses().stream()
                        .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
                out.println("FOUND " + peer.fingerprint() + " " + peer.nickname().replace(' ', '_') + " "
                        + String.join(",", addrs) + " " + System.currentTimeMillis());
            }

            @Override
            public void lost(String fingerprint) {
                out.println("LOST " + fingerprint + " " + System.currentTimeMillis());
            }
        });
        out.println("READY " + fp + " " + System.currentTimeMillis() + " main=" + mainMillis + " start=" + startMillis);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("nick ")) {
                discovery.setNickname(line.substring(5));
            } else if (line.equals("close")) {
                break;
            }
        }
        long t0 = System.nanoTime();
        discovery.close();
        out.println("CLOSED " + (System.nanoTime() - t0) / 1_000_000);
        System.exit(0);
    }

    /** A well-formed fingerprint derived from {@code seed}. */
    static String fingerprint(String seed) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        return FingerprintFormat.PREFIX + Base64.getEncoder().withoutPadding().encodeToString(hash);
    }
}
