package dev.parley.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;

/**
 * The command lines that start a peer, parsed without picocli: picocli builds its model of the whole
 * command line (annotations, mixins, subcommands, converters) before it reads the first argument, which
 * cost 100-150 ms of a 0.4 s start-up (docs/PERFORMANCE.md). Accepted: the main command's own options,
 * each once (the list options any number of times), a value in the next argument or after {@code =}.
 * Everything else returns {@code null} and goes to picocli, which then parses, answers or reports exactly
 * as it always did: help and version, subcommands, an unknown or repeated option, a missing or empty value,
 * a value that starts with {@code -} or {@code @} or names a subcommand, {@code @}files, {@code --}.
 * A test holds this class to picocli's result on every command line it accepts. Main thread only.
 */
final class QuickArgs {
    /** The subcommands' names: picocli does not take them as an option's value. */
    private static final Set<String> SUBCOMMANDS = Set.of("id", "keygen");

    private QuickArgs() {}

    /** {@link Main} with the options of {@code args} set, or {@code null} if picocli must parse them. */
    static Main parse(String[] args) {
        Main main = new Main();
        SettingsOptions o = main.options;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            boolean repeatable = name.equals("--interface") || name.equals("--peer") || name.equals("--dns-sd-domain");
            if (!seen.add(name) && !repeatable) {
                return null;
            }
            if (name.equals("--headless") || name.equals("--no-mdns") || name.equals("--plain")
                    || name.equals("--no-dns-sd")) {
                if (eq > 0) {
                    return null;
                }
                if (name.equals("--headless")) {
                    main.headless = true;
                } else if (name.equals("--plain")) {
                    main.plain = true;
                } else if (name.equals("--no-dns-sd")) {
                    o.noDnsSd = true;
                } else {
                    o.noMdns = true;
                }
                continue;
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                return null;
            }
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@") || SUBCOMMANDS.contains(value)) {
                return null;
            }
            switch (name) {
                case "--home" -> main.home = value;
                case "--nick" -> o.nick = value;
                case "--port" -> o.port = value;
                case "--network-key" -> o.networkKey = value;
                case "--log-level" -> o.logLevel = value;
                case "--listen" -> o.listen = value;
                case "--interface" -> o.interfaces = add(o.interfaces, value);
                case "--peer" -> o.peers = add(o.peers, value);
                case "--dns-sd-domain" -> o.dnsSdDomains = add(o.dnsSdDomains, value);
                case "--dns-sd-register" -> o.dnsSdRegister = value;
                case "--dns-sd-key" -> o.dnsSdKey = value;
                default -> {
                    return null;
                }
            }
        }
        return main;
    }

    private static java.util.List<String> add(java.util.List<String> list, String value) {
        java.util.List<String> out = list == null ? new ArrayList<>() : list;
        out.add(value);
        return out;
    }
}
