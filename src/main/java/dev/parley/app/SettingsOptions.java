package dev.parley.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The command-line options that override settings, as a picocli mixin
 * ({@code @Mixin SettingsOptions settings}). Values stay raw strings so that {@link SettingsLoader}
 * parses and reports them the same way as the file's and the environment's. Filled by picocli on the
 * main thread; not thread-safe.
 */
public final class SettingsOptions {
    @Option(names = "--nick", paramLabel = "NAME", description = "Our nickname (default: the user name).")
    String nick;

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port to listen on, 0 for any free port (default: " + Settings.DEFAULT_PORT + ").")
    String port;

    @Option(names = "--interface", paramLabel = "NAME",
            description = "Network interface to use (repeatable; default: every suitable one).")
    List<String> interfaces;

    @Option(names = "--peer", paramLabel = "HOST[:PORT]", description = "Peer to dial at start (repeatable).")
    List<String> peers;

    @Option(names = "--network-key", paramLabel = "FILE",
            description = "Network key file: only peers with the same key can connect.")
    String networkKey;

    @Option(names = "--no-mdns", description = "Turn discovery off: no mDNS advertising or browsing.")
    boolean noMdns;

    @Option(names = "--no-dns-sd", description = "No unicast DNS-SD: neither browse domains nor register.")
    boolean noDnsSd;

    @Option(names = "--dns-sd-domain", paramLabel = "DOMAIN",
            description = "Unicast DNS-SD domain to browse for peers (repeatable), for other subnets.")
    List<String> dnsSdDomains;

    @Option(names = "--dns-sd-register", paramLabel = "DOMAIN",
            description = "Register us in this DNS domain by signed dynamic update (needs --dns-sd-key).")
    String dnsSdRegister;

    @Option(names = "--dns-sd-key", paramLabel = "FILE",
            description = "TSIG key file for --dns-sd-register: one line hmac-sha256:NAME:SECRET, mode 0600.")
    String dnsSdKey;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: info); the log is parley.log "
                    + "in the state folder.")
    String logLevel;

    @Option(names = "--listen", paramLabel = "ADDR",
            description = "Listen on this one address of this machine (default: every address).")
    String listen;

    /**
     * The options given, as raw values by configuration key, for {@link SettingsLoader#load}. A
     * repeated option's values are joined with commas, as a list is written in the file.
     */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        put(values, SettingsKey.NICK, nick);
        put(values, SettingsKey.PORT, port);
        put(values, SettingsKey.INTERFACES, interfaces == null ? null : String.join(",", interfaces));
        put(values, SettingsKey.PEERS, peers == null ? null : String.join(",", peers));
        put(values, SettingsKey.NETWORK_KEY, networkKey);
        put(values, SettingsKey.MDNS, noMdns ? "false" : null);
        put(values, SettingsKey.LOG_LEVEL, logLevel);
        put(values, SettingsKey.LISTEN, listen);
        put(values, SettingsKey.DNS_SD, noDnsSd ? "false" : null);
        put(values, SettingsKey.DNS_SD_DOMAINS, dnsSdDomains == null ? null : String.join(",", dnsSdDomains));
        put(values, SettingsKey.DNS_SD_REGISTER, dnsSdRegister);
        put(values, SettingsKey.DNS_SD_KEY, dnsSdKey);
        return values;
    }

    private static void put(Map<String, String> values, SettingsKey key, String value) {
        if (value != null) {
            values.put(key.fileKey(), value);
        }
    }
}
