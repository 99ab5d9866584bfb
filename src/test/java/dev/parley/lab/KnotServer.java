package dev.parley.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Knot DNS (Debian's {@code knot}) on a {@link RoutedLab}'s router, listening on both router addresses,
 * serving the zone {@value #ZONE} (a DNS-SD browse domain: {@code b}/{@code lb._dns-sd._udp} point at
 * itself) that takes dynamic updates signed with the TSIG key {@value #KEY_NAME}, and both subnets'
 * reverse zones with the RFC 6763 section 11 pointers to it. The zone's SOA names {@code ns.office.test},
 * the router's address on subnet 1. {@link #unavailableReason()} says why it cannot run here. Queries and
 * updates from a host go through Knot's own {@code kdig} and {@code knsupdate}.
 */
public final class KnotServer {
    public static final String ZONE = "office.test";
    public static final String KEY_NAME = "parley-update";

    private final RoutedLab lab;
    private final String secret;
    private final StringBuilder log = new StringBuilder();

    private KnotServer(RoutedLab lab, String secret) {
        this.lab = lab;
        this.secret = secret;
    }

    /** Null when knotd, kdig and knsupdate are installed, else what is missing (CI installs them). */
    public static String unavailableReason() {
        for (String tool : List.of("knotd", "kdig", "knsupdate")) {
            if (RoutedLab.tool(tool) == null) {
                return tool + " is not installed (apt-get install knot knot-dnsutils)";
            }
        }
        return null;
    }

    /** Writes the configuration and zones into {@code dir} and starts knotd on the router; returns once it serves. */
    public static KnotServer start(RoutedLab lab, Path dir) throws IOException, InterruptedException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        KnotServer k = new KnotServer(lab, Base64.getEncoder().encodeToString(key));
        k.launch(dir);
        return k;
    }

    /** The key as {@code knsupdate -y} and Parley's {@code dns-sd-key} file take it. */
    public String keyLine() {
        return "hmac-sha256:" + KEY_NAME + ":" + secret;
    }

    private void launch(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String d = dir.toAbsolutePath().toString();
        String conf = String.join("\n",
                "server:",
                "    rundir: \"" + d + "\"",
                "    listen: [ " + lab.routerAddress(1) + "@53, " + lab.routerAddress(2) + "@53 ]",
                "database:",
                "    storage: \"" + d + "\"",
                "log:",
                "  - target: stderr",
                "    any: info",
                "key:",
                "  - id: " + KEY_NAME,
                "    algorithm: hmac-sha256",
                "    secret: " + secret,
                "acl:",
                "  - id: update",
                "    key: " + KEY_NAME,
                "    action: update",
                "template:",
                "  - id: default",
                "    storage: \"" + d + "\"",
                "    zonefile-sync: -1",
                "    journal-content: none",
                "zone:",
                "  - domain: " + ZONE,
                "    acl: update",
                "  - domain: " + reverseZone(1),
                "  - domain: " + reverseZone(2),
                "");
        Files.writeString(dir.resolve("knot.conf"), conf);
        Files.writeString(dir.resolve(ZONE + ".zone"), String.join("\n",
                "$ORIGIN " + ZONE + ".",
                "$TTL 120",
                "@ SOA ns hostmaster 1 60 60 600 10",
                "@ NS ns",
                "ns A " + lab.routerAddress(1),
                "b._dns-sd._udp PTR @",
                "lb._dns-sd._udp PTR @",
                ""));
        for (int h = 1; h <= 2; h++) {
            Files.writeString(dir.resolve(reverseZone(h) + ".zone"), String.join("\n",
                    "$ORIGIN " + reverseZone(h) + ".",
                    "$TTL 120",
                    "@ SOA ns." + ZONE + ". hostmaster." + ZONE + ". 1 60 60 600 10",
                    "@ NS ns." + ZONE + ".",
                    "b._dns-sd._udp.0 PTR " + ZONE + ".",
                    "lb._dns-sd._udp.0 PTR " + ZONE + ".",
                    ""));
        }
        Process p = lab.start(0, List.of(RoutedLab.tool("knotd"), "-c", dir.resolve("knot.conf").toString()), Map.of());
        CountDownLatch serving = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("server started")) {
                        serving.countDown();
                    }
                }
            } catch (IOException e) {
                // knotd ended
            }
        }, "lab-knotd-log");
        reader.setDaemon(true);
        reader.start();
        if (!serving.await(20, TimeUnit.SECONDS)) {
            throw new IOException("knotd did not start within 20 s: " + log());
        }
    }

    /** {@code 7.83.10.in-addr.arpa} for host h's subnet 10.83.7.0/24. */
    public String reverseZone(int h) {
        return lab.subnet(h) + ".83.10.in-addr.arpa";
    }

    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    /** {@code kdig +short TYPE NAME} from host h, asking the router; the answer's lines. */
    public List<String> query(int h, String type, String name) throws IOException, InterruptedException {
        String out = lab.exec(h, RoutedLab.tool("kdig"), "@" + lab.routerAddress(h), "+short", type, name);
        List<String> lines = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }

    /** Sends {@code knsupdate} commands (a {@code send} is added) from host h, signed with the zone's key. */
    public void update(int h, List<String> commands) throws IOException, InterruptedException {
        List<String> script = new ArrayList<>();
        script.add("server " + lab.routerAddress(h));
        script.add("zone " + ZONE + ".");
        script.addAll(commands);
        script.add("send");
        Path file = Files.createTempFile("wa-update", ".txt");
        try {
            Files.writeString(file, String.join("\n", script) + "\n");
            lab.exec(h, RoutedLab.tool("knsupdate"), "-y", keyLine(), file.toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
