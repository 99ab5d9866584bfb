package dev.parley.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Avahi's mDNS reflector ({@code avahi-daemon} with {@code enable-reflector=yes}) on a {@link RoutedLab}'s
 * router, on both of its legs, publishing nothing of its own, no D-Bus, no wide-area. Its pid file goes to
 * a tmpfs mounted in the mount namespace {@code ip netns exec} gives it, so it neither clashes with another
 * avahi-daemon on this machine nor leaves anything behind.
 */
public final class AvahiReflector {
    private AvahiReflector() {}

    public static String unavailableReason() {
        return RoutedLab.tool("avahi-daemon") == null ? "avahi-daemon is not installed (apt-get install avahi-daemon)" : null;
    }

    /** Starts the reflector; returns once it reports its start-up complete. */
    public static void start(RoutedLab lab, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("avahi-daemon.conf");
        Files.writeString(conf, String.join("\n",
                "[server]",
                "allow-interfaces=" + lab.routerLeg(1) + "," + lab.routerLeg(2),
                "use-ipv4=yes",
                "use-ipv6=no",
                "enable-dbus=no",
                "[wide-area]",
                "enable-wide-area=no",
                "[publish]",
                "disable-publishing=yes",
                "[reflector]",
                "enable-reflector=yes",
                ""));
        String script = "mkdir -p /run/avahi-daemon && mount -t tmpfs tmpfs /run/avahi-daemon && exec "
                + RoutedLab.tool("avahi-daemon") + " --no-drop-root --no-chroot --no-rlimits -f '" + conf + "'";
        Process p = lab.start(0, List.of("/bin/sh", "-c", script), Map.of());
        StringBuilder log = new StringBuilder();
        CountDownLatch up = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("Server startup complete")) {
                        up.countDown();
                    }
                }
            } catch (IOException e) {
                // ended
            }
        }, "lab-avahi-log");
        reader.setDaemon(true);
        reader.start();
        if (!up.await(20, TimeUnit.SECONDS)) {
            synchronized (log) {
                throw new IOException("avahi-daemon did not start within 20 s: " + log);
            }
        }
    }
}
