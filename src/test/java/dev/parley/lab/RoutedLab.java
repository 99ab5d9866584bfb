package dev.parley.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Test fixture: two subnets joined by a router, built from network namespaces, so that nothing leaves
 * this machine and multicast stops at the router as it does between real subnets.
 * <pre>
 *   host 1  10.83.S.2/24 eth0 ── veth ── ra 10.83.S.1 [router: forwarding] 10.83.S+1.1 rb ── veth ── eth0 10.83.S+1.2/24  host 2
 * </pre>
 * S is random per run (even, so S and S+1 are one run's). Hosts route everything through the router. Each
 * host's {@code /etc/resolv.conf} (as {@code ip netns exec} shows it, from {@code /etc/netns/NAME/}) names
 * the router's address on its subnet, optionally with search domains. Namespace names start with
 * {@code wa}. Needs root and iproute2 ({@link Lab#unavailableReason()}). Not thread-safe.
 */
public final class RoutedLab implements AutoCloseable {
    private final String prefix;
    private final int subnet;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RoutedLab(String prefix, int subnet) {
        this.prefix = prefix;
        this.subnet = subnet;
    }

    /** Builds the router and its two hosts; {@code search} is the hosts' resolv.conf search list (may be empty). */
    public static RoutedLab create(List<String> search) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        RoutedLab lab = new RoutedLab(String.format("wa%04x", random.nextInt(0x10000)), 2 + 2 * random.nextInt(120));
        try {
            lab.build(search);
        } catch (IOException | RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build(List<String> search) throws IOException, InterruptedException {
        String r = router();
        addNamespace(r);
        ip("-n", r, "link", "set", "lo", "up");
        for (int h = 1; h <= 2; h++) {
            String host = host(h);
            addNamespace(host);
            String leg = h == 1 ? "ra" : "rb";
            ip("link", "add", leg, "netns", r, "type", "veth", "peer", "name", "eth0", "netns", host);
            ip("-n", r, "addr", "add", routerAddress(h) + "/24", "dev", leg);
            ip("-n", r, "link", "set", leg, "up");
            ip("-n", host, "link", "set", "lo", "up");
            ip("-n", host, "addr", "add", address(h) + "/24", "dev", "eth0");
            ip("-n", host, "link", "set", "eth0", "up");
            ip("-n", host, "route", "add", "default", "via", routerAddress(h));
            Path etc = Path.of("/etc/netns", host);
            Files.createDirectories(etc);
            String conf = "nameserver " + routerAddress(h) + "\n"
                    + (search.isEmpty() ? "" : "search " + String.join(" ", search) + "\n");
            Files.writeString(etc.resolve("resolv.conf"), conf, StandardCharsets.US_ASCII);
        }
        ip("netns", "exec", r, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        for (int h = 1; h <= 2; h++) {
            awaitUp(host(h), "eth0");
            awaitUp(r, routerLeg(h));
        }
    }

    /**
     * Waits until the link reports its carrier (operstate UP): the kernel's link watch may take up to a second
     * after "link set up", and an interface not yet running is not chosen for mDNS.
     */
    private static void awaitUp(String namespace, String link) throws IOException, InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Path operstate = Path.of("/sys/class/net", link, "operstate");
        while (true) {
            Process p = new ProcessBuilder(Lab.ip(), "-n", namespace, "-o", "link", "show", link)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            if (out.contains("state UP") && out.contains("LOWER_UP")) {
                return;
            }
            if (System.nanoTime() - end > 0) {
                throw new IOException(link + " in " + namespace + " did not come up: " + out.strip() + " (" + operstate + ")");
            }
            Thread.sleep(20); // polling the kernel's link state: there is no event to wait on from here
        }
    }

    public String router() {
        return prefix + "-r";
    }

    public String host(int h) {
        return prefix + "-h" + h;
    }

    /** The router's interface on host h's subnet: {@code ra} or {@code rb}. */
    public String routerLeg(int h) {
        return h == 1 ? "ra" : "rb";
    }

    /** Host h's subnet, as the third octet: 10.83.N.0/24. */
    public int subnet(int h) {
        return subnet + h - 1;
    }

    public String address(int h) {
        return "10.83." + subnet(h) + ".2";
    }

    public String routerAddress(int h) {
        return "10.83." + subnet(h) + ".1";
    }

    /** Starts a command on host h (1 or 2) or, with h = 0, on the router; killed when the lab closes. */
    public Process start(int h, List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(on(h, command));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Runs a command on host h (0: the router) to completion and returns its output; fails if it fails. */
    public String exec(int h, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(on(h, List.of(command))).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out.strip());
        }
        return out;
    }

    private List<String> on(int h, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(Lab.ip(), "netns", "exec", h == 0 ? router() : host(h)));
        cmd.addAll(command);
        return cmd;
    }

    /** The first of these commands found in the usual folders, or null. */
    public static String tool(String... names) {
        for (String name : names) {
            for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
                if (new File(dir, name).canExecute()) {
                    return dir + "/" + name;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (int k = namespaces.size() - 1; k >= 0; k--) {
            try {
                ip("netns", "del", namespaces.get(k));
            } catch (IOException | RuntimeException e) {
                // go on removing the others
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            deleteTree(Path.of("/etc/netns", namespaces.get(k)));
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        ip("netns", "add", name);
        namespaces.add(name);
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Lab.ip()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
