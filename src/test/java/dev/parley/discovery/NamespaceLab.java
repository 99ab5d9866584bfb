package dev.parley.discovery;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a private LAN of hosts built from Linux network namespaces, each host with one
 * interface {@code eth0} plugged into a bridge that lives in its own namespace, so multicast flows
 * between the hosts and never out of this machine. Names carry a random per-run prefix. Needs root and
 * iproute2 ({@link #unavailableReason()} says why not). Not thread-safe.
 */
final class NamespaceLab implements AutoCloseable {
    private final String prefix;
    private final String net;
    private final List<String> namespaces = new ArrayList<>();
    private final List<ProbeProcess> probes = new ArrayList<>();
    private final Path logConfig;

    private NamespaceLab(String prefix, String net, Path logConfig) {
        this.prefix = prefix;
        this.net = net;
        this.logConfig = logConfig;
    }

    /** Null when the lab can be built, else the reason it cannot. */
    static String unavailableReason() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return "network namespaces need Linux";
        }
        if (ipCommand() == null) {
            return "the 'ip' command (iproute2) is not installed";
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 && uid.equals("0") ? null : "creating network namespaces needs root (uid is " + uid + ")";
        } catch (IOException e) {
            return "cannot run 'id -u': " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String ipCommand() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (new File(dir, "ip").canExecute()) {
                return dir + "/ip";
            }
        }
        return null;
    }

    /** Builds {@code hosts} hosts: host i is 10.78.R.i/24 for a random R. */
    static NamespaceLab create(int hosts) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        String prefix = String.format("pdisc%04x", random.nextInt(0x10000));
        String net = "10.78." + (1 + random.nextInt(254));
        Path log = Files.createTempFile("parley-probe-logback", ".xml");
        Files.writeString(log, """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """);
        NamespaceLab lab = new NamespaceLab(prefix, net, log);
        try {
            lab.build(hosts);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(int hosts) throws IOException, InterruptedException {
        String sw = prefix + "-sw";
        addNamespace(sw);
        ip("-n", sw, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        ip("-n", sw, "link", "set", "br0", "up");
        for (int i = 1; i <= hosts; i++) {
            String h = host(i);
            addNamespace(h);
            ip("link", "add", "p" + i, "netns", sw, "type", "veth", "peer", "name", "eth0", "netns", h);
            ip("-n", sw, "link", "set", "p" + i, "master", "br0");
            ip("-n", sw, "link", "set", "p" + i, "up");
            ip("-n", h, "link", "set", "lo", "up");
            ip("-n", h, "addr", "add", address(i) + "/24", "dev", "eth0");
            ip("-n", h, "link", "set", "eth0", "up");
            ip("-n", h, "route", "add", "224.0.0.0/4", "dev", "eth0");
        }
    }

    String host(int i) {
        return prefix + "-h" + i;
    }

    String address(int i) {
        return net + "." + i;
    }

    /** Unplugs host i's cable at the switch, or plugs it back in. */
    void link(int i, boolean up) throws IOException, InterruptedException {
        ip("-n", prefix + "-sw", "link", "set", "p" + i, up ? "up" : "down");
    }

    /** Starts a {@link DiscoveryProbe} on host i, in its own JVM, with this record TTL (seconds). */
    ProbeProcess probe(int i, String nick, String seed, int ttlSeconds) throws IOException {
        return probe(i, nick, seed, ttlSeconds, false);
    }

    ProbeProcess probe(int i, String nick, String seed, int ttlSeconds, boolean plain) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(ipCommand(), "netns", "exec", host(i), java,
                "-Dnet.dns.ttl=" + ttlSeconds, "-Dlogback.configurationFile=" + logConfig,
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), DiscoveryProbe.class.getName(),
                "--interface", "eth0", "--nick", nick, "--seed", seed, "--plain", Boolean.toString(plain));
        ProbeProcess p = ProbeProcess.start(cmd, host(i));
        probes.add(p);
        return p;
    }

    @Override
    public void close() {
        for (ProbeProcess p : probes) {
            p.kill();
        }
        for (int k = namespaces.size() - 1; k >= 0; k--) {
            try {
                ip("netns", "del", namespaces.get(k));
            } catch (IOException | RuntimeException e) {
                // keep removing the others
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Files.deleteIfExists(logConfig);
        } catch (IOException ignored) {
            // a temp file
        }
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        ip("netns", "add", name);
        namespaces.add(name);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ipCommand());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.trim());
        }
    }
}
