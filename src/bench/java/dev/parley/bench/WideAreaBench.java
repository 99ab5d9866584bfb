package dev.parley.bench;

import dev.parley.lab.AvahiReflector;
import dev.parley.lab.KnotServer;
import dev.parley.lab.Lab;
import dev.parley.lab.RoutedLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Discovery across a router (issue 16), as a user sees it: two subnets of a {@link RoutedLab}, a resident
 * peer on one, and {@code runs} times a newcomer with a fresh identity launched on the other; we take the
 * time from the newcomer's launch until it lists the resident {@code online}, and until the resident lists
 * it. Each way: the newcomer on subnet 2, then on subnet 1. Two set-ups:
 * <ul>
 *   <li>unicast DNS-SD: Knot on the router serves {@code office.test}; both peers run with {@code --no-mdns},
 *       the domain, registration and the TSIG key (the newcomer registers, browses at once, finds the resident
 *       and dials);</li>
 *   <li>Avahi's reflector on the router, peers with no setting at all (mDNS through the reflector).</li>
 * </ul>
 * Usage: {@code WideAreaBench [runs]} (default 10). Report in {@code target/bench/widearea.txt}. Needs root,
 * iproute2, knot and avahi-daemon; a missing part is skipped with the reason.
 */
public final class WideAreaBench {
    private static final long WAIT = 90_000;

    private WideAreaBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Report report = new Report("widearea.txt");
        String why = Lab.unavailableReason();
        if (why != null) {
            report.say("widearea benchmark skipped: " + why);
            report.write();
            return;
        }
        Path tmp = Files.createTempDirectory("parley-bench-widearea");
        String noKnot = KnotServer.unavailableReason();
        if (noKnot == null) {
            try (RoutedLab lab = RoutedLab.create(List.of())) {
                KnotServer knot = KnotServer.start(lab, tmp.resolve("knot"));
                Path key = tmp.resolve("dns-sd.key");
                Files.writeString(key, knot.keyLine() + "\n", StandardCharsets.US_ASCII);
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                String[] flags = {"--no-mdns", "--dns-sd-domain", KnotServer.ZONE, "--dns-sd-register", KnotServer.ZONE,
                        "--dns-sd-key", key.toString()};
                report.say("unicast DNS-SD through Knot on the router (office.test), mDNS off, " + runs + " runs each way");
                ways(report, lab, tmp.resolve("dns"), runs, flags);
            }
        } else {
            report.say("unicast DNS-SD part skipped: " + noKnot);
        }
        String noAvahi = AvahiReflector.unavailableReason();
        if (noAvahi == null) {
            try (RoutedLab lab = RoutedLab.create(List.of())) {
                AvahiReflector.start(lab, tmp.resolve("avahi"));
                report.say("mDNS through Avahi's reflector on the router, no Parley setting, " + runs + " runs each way");
                ways(report, lab, tmp.resolve("mdns"), runs);
            }
        } else {
            report.say("reflector part skipped: " + noAvahi);
        }
        report.write();
    }

    private static void ways(Report report, RoutedLab lab, Path tmp, int runs, String... flags) throws Exception {
        for (int newcomerHost : new int[] {2, 1}) {
            int residentHost = 3 - newcomerHost;
            List<Double> listsResident = new ArrayList<>();
            List<Double> listedByResident = new ArrayList<>();
            List<Double> ready = new ArrayList<>();
            try (JarPeer resident = JarPeer.start("res", JarPeer.command(exec(lab, residentHost), "res",
                    tmp.resolve("res" + residentHost), flags))) {
                resident.ready(WAIT);
                for (int r = 0; r < runs; r++) {
                    String nick = "new" + newcomerHost + "x" + r;
                    try (JarPeer n = JarPeer.start(nick, JarPeer.command(exec(lab, newcomerHost), nick, tmp.resolve(nick), flags))) {
                        ready.add(ms(n.ready(WAIT).nanos() - n.launchedNanos));
                        listsResident.add(ms(n.online("res", WAIT).nanos() - n.launchedNanos));
                        listedByResident.add(ms(resident.online(nick, WAIT).nanos() - n.launchedNanos));
                        n.quit();
                    }
                }
                resident.quit();
            }
            String way = "subnet " + newcomerHost + " -> " + residentHost;
            report.row(way + ": launch to ready", ready);
            report.row(way + ": launch -> newcomer lists resident", listsResident);
            report.row(way + ": launch -> resident lists newcomer", listedByResident);
        }
    }

    private static List<String> exec(RoutedLab lab, int host) {
        return List.of("ip", "netns", "exec", lab.host(host));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
