package dev.parley.discovery;

import dev.parley.lab.Lab;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture: a namespace LAN ({@link Lab}) whose hosts run {@link DiscoveryProbe}s, each in its own
 * JVM with logging to stderr. Not thread-safe.
 */
final class NamespaceLab implements AutoCloseable {
    private final Lab lab;
    private final List<ProbeProcess> probes = new ArrayList<>();
    private final Path logConfig;

    private NamespaceLab(Lab lab, Path logConfig) {
        this.lab = lab;
        this.logConfig = logConfig;
    }

    /** Null when the lab can be built, else the reason it cannot. */
    static String unavailableReason() {
        return Lab.unavailableReason();
    }

    static NamespaceLab create(int hosts) throws IOException, InterruptedException {
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
        return new NamespaceLab(Lab.create("disc", hosts), log);
    }

    String host(int i) {
        return lab.host(i);
    }

    String address(int i) {
        return lab.address(i);
    }

    /** Unplugs host i's cable at the switch, or plugs it back in. */
    void link(int i, boolean up) throws IOException, InterruptedException {
        lab.link(i, up);
    }

    /** Starts a {@link DiscoveryProbe} on host i, in its own JVM, with this record TTL (seconds). */
    ProbeProcess probe(int i, String nick, String seed, int ttlSeconds) throws IOException {
        return probe(i, nick, seed, ttlSeconds, false);
    }

    ProbeProcess probe(int i, String nick, String seed, int ttlSeconds, boolean plain) throws IOException {
        List<String> cmd = lab.onHost(i, Lab.java(DiscoveryProbe.class.getName(),
                List.of("-Dnet.dns.ttl=" + ttlSeconds, "-Dlogback.configurationFile=" + logConfig, "-Xshare:auto"),
                List.of("--interface", "eth0", "--nick", nick, "--seed", seed, "--plain", Boolean.toString(plain))));
        ProbeProcess p = ProbeProcess.start(cmd, host(i));
        probes.add(p);
        return p;
    }

    @Override
    public void close() {
        for (ProbeProcess p : probes) {
            p.kill();
        }
        lab.close();
        try {
            Files.deleteIfExists(logConfig);
        } catch (IOException ignored) {
            // a temp file
        }
    }
}
