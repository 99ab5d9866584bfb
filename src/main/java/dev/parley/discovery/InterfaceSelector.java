package dev.parley.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Chooses the interfaces discovery runs on. By default: every interface that is up, not loopback,
 * multicast-capable and has an IPv4 address, except container and virtual bridges. Named interfaces
 * ({@code --interface NAME}) choose exactly those. Stateless; the decision works on plain descriptions
 * so that it can be tested without the machine's interfaces.
 */
public final class InterfaceSelector {
    private static final List<String> SKIPPED_PREFIXES = List.of("docker", "br-", "veth", "virbr");

    /** What the selector needs to know about an interface. */
    public record Description(String name, boolean up, boolean loopback, boolean multicast,
                              List<InetAddress> addresses) {
        public Description {
            addresses = List.copyOf(addresses);
        }
    }

    /** An interface chosen for discovery, with the IPv4 address JmDNS binds to. */
    public record Selected(String name, Inet4Address address) {}

    private InterfaceSelector() {}

    /** Chooses among this machine's interfaces. */
    public static List<Selected> select(List<String> names) throws InterfaceSelectionException {
        try {
            return select(system(), names);
        } catch (SocketException e) {
            throw new InterfaceSelectionException("cannot list network interfaces: " + e.getMessage());
        }
    }

    /**
     * Chooses among {@code all}: the default set when {@code names} is empty, else exactly the named
     * ones (each must exist, be up, multicast-capable and have an IPv4 address).
     */
    public static List<Selected> select(List<Description> all, List<String> names)
            throws InterfaceSelectionException {
        List<Selected> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            for (Description d : all) {
                if (isDefaultCandidate(d)) {
                    ipv4(d).ifPresent(a -> chosen.add(new Selected(d.name(), a)));
                }
            }
            return chosen;
        }
        for (String name : new LinkedHashSet<>(names)) {
            chosen.add(explicit(all, name));
        }
        return chosen;
    }

    /** This machine's interfaces, described. */
    public static List<Description> system() throws SocketException {
        List<Description> out = new ArrayList<>();
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            out.add(new Description(ni.getName(), ni.isUp(), ni.isLoopback(), ni.supportsMulticast(),
                    Collections.list(ni.getInetAddresses())));
        }
        return out;
    }

    /**
     * Why the default choice found nothing among {@code all}, for the user: each interface and why it was
     * passed over, e.g. {@code "no usable network interface (lo: loopback; eth0: down)"}.
     */
    public static String whyNone(List<Description> all) {
        List<String> reasons = new ArrayList<>();
        for (Description d : all) {
            String why = !d.up() ? "down" : d.loopback() ? "loopback" : !d.multicast() ? "no multicast"
                    : SKIPPED_PREFIXES.stream().anyMatch(d.name()::startsWith) ? "a container or virtual bridge"
                    : ipv4(d).isEmpty() ? "no IPv4 address" : "usable";
            reasons.add(d.name() + ": " + why);
        }
        return "no usable network interface" + (reasons.isEmpty() ? "" : " (" + String.join("; ", reasons) + ")");
    }

    /** As {@link #whyNone(List)}, for this machine's interfaces. */
    public static String whyNone() {
        try {
            return whyNone(system());
        } catch (SocketException e) {
            return "cannot list network interfaces: " + e.getMessage();
        }
    }

    static boolean isDefaultCandidate(Description d) {
        return d.up() && !d.loopback() && d.multicast()
                && SKIPPED_PREFIXES.stream().noneMatch(d.name()::startsWith);
    }

    private static Selected explicit(List<Description> all, String name) throws InterfaceSelectionException {
        Description d = all.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow(() ->
                new InterfaceSelectionException("no network interface named '" + name + "' (have: "
                        + String.join(", ", all.stream().map(Description::name).toList()) + ")"));
        if (!d.up()) {
            throw new InterfaceSelectionException("network interface '" + name + "' is down");
        }
        if (!d.multicast()) {
            throw new InterfaceSelectionException("network interface '" + name + "' does not support multicast");
        }
        return ipv4(d).map(a -> new Selected(name, a)).orElseThrow(() ->
                new InterfaceSelectionException("network interface '" + name + "' has no IPv4 address"));
    }

    /** The first IPv4 address, preferring one that is not link-local (169.254/16). */
    private static Optional<Inet4Address> ipv4(Description d) {
        Optional<Inet4Address> any = Optional.empty();
        for (InetAddress a : d.addresses()) {
            if (a instanceof Inet4Address v4) {
                if (!v4.isLinkLocalAddress()) {
                    return Optional.of(v4);
                }
                any = any.isPresent() ? any : Optional.of(v4);
            }
        }
        return any;
    }
}
