package dev.parley.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: a private LAN of hosts built from Linux network namespaces. Each host has one interface
 * {@code eth0} plugged into a bridge that lives in a namespace of its own, so traffic (multicast
 * included) flows between the hosts and never out of this machine. Names and the subnet are random per
 * run. Needs root and iproute2: {@link #unavailableReason()} says why not, for a skip message.
 * Not thread-safe.
 */
public final class Lab implements AutoCloseable {
    private final String prefix;
    private final String net;
    private final List<String> namespaces = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private Lab(String prefix, String net) {
        this.prefix = prefix;
        this.net = net;
    }

    /** Null when a lab can be built here, else why not. */
    public static String unavailableReason() {
        if (!"Linux".equals(System.getProperty("os.name"))) {
            return "network namespaces need Linux";
        }
        if (ip() == null) {
            return "the 'ip' command (iproute2) is not installed";
        }
        try {
            Process p = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
            String uid = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 && uid.equals("0") ? null : "creating network namespaces needs root (uid " + uid + ")";
        } catch (IOException e) {
            return "cannot run 'id -u': " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String ip() {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")) {
            if (new File(dir, "ip").canExecute()) {
                return dir + "/ip";
            }
        }
        return null;
    }

    /** A lab of {@code hosts} hosts, host i at 10.79.R.i/24 for a random R. */
    public static Lab create(String name, int hosts) throws IOException, InterruptedException {
        SecureRandom random = new SecureRandom();
        Lab lab = new Lab(String.format("p%s%04x", name, random.nextInt(0x10000)), "10.79." + (1 + random.nextInt(254)));
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
        run("-n", sw, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
        run("-n", sw, "link", "set", "br0", "up");
        for (int i = 1; i <= hosts; i++) {
            String h = host(i);
            addNamespace(h);
            run("link", "add", "p" + i, "netns", sw, "type", "veth", "peer", "name", "eth0", "netns", h);
            run("-n", sw, "link", "set", "p" + i, "master", "br0");
            run("-n", sw, "link", "set", "p" + i, "up");
            run("-n", h, "link", "set", "lo", "up");
            run("-n", h, "addr", "add", address(i) + "/24", "dev", "eth0");
            run("-n", h, "link", "set", "eth0", "up");
            run("-n", h, "route", "add", "224.0.0.0/4", "dev", "eth0");
        }
    }

    public String host(int i) {
        return prefix + "-h" + i;
    }

    public String address(int i) {
        return net + "." + i;
    }

    /** Unplugs host i's cable at the switch, or plugs it back in. */
    public void link(int i, boolean up) throws IOException, InterruptedException {
        run("-n", prefix + "-sw", "link", "set", "p" + i, up ? "up" : "down");
    }

    /** Runs a command on host i to completion (e.g. {@code tc qdisc ...}); fails if it fails. */
    public void exec(int i, String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("netns", "exec", host(i)));
        args.addAll(List.of(command));
        run(args.toArray(String[]::new));
    }

    /** Starts a command on host i; it is killed when the lab closes. */
    public Process start(int i, List<String> command) throws IOException {
        return start(i, command, java.util.Map.of());
    }

    /** Starts a command on host i with these extra environment variables; it is killed when the lab closes. */
    public Process start(int i, List<String> command, java.util.Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(onHost(i, command));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** {@code command} wrapped to run on host i, for a caller that starts it itself (in a terminal, say). */
    public List<String> onHost(int i, List<String> command) {
        List<String> cmd = new ArrayList<>(List.of(ip(), "netns", "exec", host(i)));
        cmd.addAll(command);
        return cmd;
    }

    /** The command that runs this JVM's classpath's main class {@code mainClass} with {@code args}. */
    public static List<String> java(String mainClass, List<String> jvmOptions, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + "/bin/java");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
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
                run("netns", "del", namespaces.get(k));
            } catch (IOException | RuntimeException e) {
                // go on removing the others
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void addNamespace(String name) throws IOException, InterruptedException {
        run("netns", "add", name);
        namespaces.add(name);
    }

    private static void run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ip()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out.strip());
        }
    }
}
