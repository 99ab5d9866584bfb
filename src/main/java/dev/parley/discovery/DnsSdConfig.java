package dev.parley.discovery;

import dev.parley.identity.TsigKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What unicast DNS-SD does. Immutable.
 *
 * @param domains        domains to browse, as the user gave them ({@code office.example})
 * @param automatic      also browse the domains RFC 6763 section 11 finds: from the resolver's search
 *                       domains and each interface's reverse-map name
 * @param registerDomain the domain (a zone that takes dynamic updates) to register us in, or null
 * @param key            the TSIG key that signs our updates, or null to send them unsigned (for a zone
 *                       that admits updates by address)
 * @param servers        DNS servers to ask; empty for the system's (resolv.conf)
 * @param floor          the shortest time between two polls of one name, whatever its TTL
 * @param cap            the longest time between two polls of one name, whatever its TTL
 */
public record DnsSdConfig(List<String> domains, boolean automatic, String registerDomain, TsigKey key,
                          List<InetSocketAddress> servers, Duration floor, Duration cap) {
    public static final Duration DEFAULT_FLOOR = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CAP = Duration.ofSeconds(30);

    public DnsSdConfig {
        domains = List.copyOf(domains);
        servers = List.copyOf(servers);
        Objects.requireNonNull(floor, "floor");
        Objects.requireNonNull(cap, "cap");
    }

    /** With the default floor and cap, {@value #DEFAULT_FLOOR_SECONDS} and {@value #DEFAULT_CAP_SECONDS} seconds. */
    public static DnsSdConfig of(List<String> domains, boolean automatic, String registerDomain, TsigKey key,
                                 List<InetSocketAddress> servers) {
        return new DnsSdConfig(domains, automatic, registerDomain, key, servers, DEFAULT_FLOOR, DEFAULT_CAP);
    }

    static final int DEFAULT_FLOOR_SECONDS = 10;
    static final int DEFAULT_CAP_SECONDS = 30;

    /** Whether there is anything to do: a domain to browse or to register in, or automatic browsing. */
    public boolean active() {
        return automatic || !domains.isEmpty() || registerDomain != null;
    }
}
