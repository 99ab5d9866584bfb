package dev.parley.app;

import dev.parley.chat.ChatEngine;
import dev.parley.chat.ChatException;
import dev.parley.chat.ChatRecord;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The keys of the configuration file, with their environment variable ({@code PARLEY_} plus the
 * constant's name), their command-line option and how a raw value parses. Every layer parses values
 * the same way. Stateless and thread-safe.
 */
enum SettingsKey {
    NICK("nick", "--nick") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.nick(nick(raw));
        }
    },
    PORT("port", "--port") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.port(port(raw, 0, "is not a port (0-65535)"));
        }
    },
    INTERFACES("interfaces", "--interface") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.interfaces(list(raw, SettingsKey::interfaceName));
        }
    },
    PEERS("peers", "--peer") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.peers(list(raw, SettingsKey::peer));
        }
    },
    NETWORK_KEY("network-key", "--network-key") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.networkKey(networkKey(raw, base));
        }
    },
    MDNS("mdns", "--no-mdns") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.mdns(bool(raw));
        }
    },
    LOG_LEVEL("log-level", "--log-level") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.logLevel(logLevel(raw));
        }
    },
    BELL("bell", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.bell(bool(raw));
        }
    },
    TYPING("typing", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.typing(bool(raw));
        }
    },
    LISTEN("listen", "--listen") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.listen(raw.isEmpty() ? null : listenAddress(raw));
        }
    },
    DOWNLOADS("downloads", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.downloads(downloads(raw, base));
        }
    },
    AUTO_ACCEPT("auto-accept", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.autoAcceptVerified(switch (raw.toLowerCase(Locale.ROOT)) {
                case "verified" -> true;
                case "off", "" -> false;
                default -> throw new BadValueException(raw, "is not an auto-accept rule (off or verified)");
            });
        }
    },
    DNS_SD("dns-sd", "--no-dns-sd") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.dnsSd(bool(raw));
        }
    },
    DNS_SD_DOMAINS("dns-sd-domains", "--dns-sd-domain") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.dnsSdDomains(list(raw, SettingsKey::domain));
        }
    },
    DNS_SD_REGISTER("dns-sd-register", "--dns-sd-register") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.dnsSdRegister(raw.isEmpty() ? null : domain(raw));
        }
    },
    DNS_SD_KEY("dns-sd-key", "--dns-sd-key") {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.dnsSdKey(existingFile(raw, base, "TSIG key file"));
        }
    },
    NOTIFY("notify", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            dev.parley.tui.Notify n = dev.parley.tui.Notify.parse(raw);
            if (n == null) {
                throw new BadValueException(raw, "is not a notification (auto, bell, osc9, osc777, osc99 or off)");
            }
            b.notifications(n);
        }
    },
    NOTIFY_CONTENT("notify-content", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.notifyContent(bool(raw));
        }
    },
    THEME("theme", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            dev.parley.tui.Theme t = dev.parley.tui.Theme.parse(raw);
            if (t == null) {
                throw new BadValueException(raw, "is not a theme (dark, light or none)");
            }
            b.theme(t);
        }
    },
    LINKS("links", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            dev.parley.tui.Links l = dev.parley.tui.Links.parse(raw);
            if (l == null) {
                throw new BadValueException(raw, "is not a links setting (auto, on or off)");
            }
            b.links(l);
        }
    },
    ROOMS_AUTOREJOIN("rooms-autorejoin", null) {
        @Override
        void apply(Settings.Builder b, String raw, Path base) throws BadValueException {
            b.roomsAutoRejoin(bool(raw));
        }
    };

    private static final String NICK_RULE =
            "is not a nickname (1-" + ChatRecord.MAX_NICK_BYTES + " bytes of UTF-8, no spaces or control characters)";
    private static final String PEER_RULE =
            "is not a peer address (HOST[:PORT] with PORT 1-65535, an IPv6 address as [ADDRESS]:PORT)";
    private static final String DOMAIN_RULE =
            "is not a DNS domain (such as office.example: labels of letters, digits, - and _, separated by dots)";
    private static final Pattern DOMAIN =
            Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*");
    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?");

    private final String fileKey;
    private final String option;

    SettingsKey(String fileKey, String option) {
        this.fileKey = fileKey;
        this.option = option;
    }

    /** Parses {@code raw} and sets it on {@code b}; relative paths resolve against {@code base}. */
    abstract void apply(Settings.Builder b, String raw, Path base) throws BadValueException;

    /** The key in {@code parley.properties}. */
    String fileKey() {
        return fileKey;
    }

    String envVariable() {
        return "PARLEY_" + name();
    }

    /**
     * The variable named after the option, where it differs from {@link #envVariable()}
     * ({@code PARLEY_PEER} for {@code --peer}, {@code PARLEY_INTERFACE} for {@code --interface}), or null:
     * a user who knows the option guesses that name, and it must not be silently ignored.
     */
    String envAlias() {
        if (option == null || option.startsWith("--no-")) {
            return null;
        }
        String alias = "PARLEY_" + option.substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
        return alias.equals(envVariable()) ? null : alias;
    }

    /** The command-line option that sets this key, or null when only the file and environment do. */
    String option() {
        return option;
    }

    static SettingsKey byFileKey(String key) {
        for (SettingsKey k : values()) {
            if (k.fileKey.equals(key)) {
                return k;
            }
        }
        return null;
    }

    static String nick(String raw) throws BadValueException {
        int bytes = raw.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > ChatRecord.MAX_NICK_BYTES || !raw.codePoints().allMatch(SettingsKey::nickChar)) {
            throw new BadValueException(raw, NICK_RULE);
        }
        try {
            ChatEngine.checkNickname(raw); // the rules of /nick too, so that both refuse the same names
        } catch (ChatException e) {
            throw new BadValueException(raw, e.getMessage());
        }
        return raw;
    }

    /** Whitespace would split a nickname in {@code /msg PEER TEXT}; control and format characters could spoof. */
    static boolean nickChar(int cp) {
        int type = Character.getType(cp);
        return !Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && type != Character.CONTROL
                && type != Character.FORMAT && type != Character.UNASSIGNED && type != Character.SURROGATE
                && type != Character.PRIVATE_USE;
    }

    private static int port(String raw, int min, String rule) throws BadValueException {
        if (!validPort(raw, min)) {
            throw new BadValueException(raw, rule);
        }
        return Integer.parseInt(raw);
    }

    private static boolean validPort(String raw, int min) {
        return raw.matches("[0-9]{1,5}") && Integer.parseInt(raw) >= min && Integer.parseInt(raw) <= 65535;
    }

    private static boolean bool(String raw) throws BadValueException {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadValueException(raw, "is not a boolean (true or false)");
        };
    }

    private static LogLevel logLevel(String raw) throws BadValueException {
        for (LogLevel level : LogLevel.values()) {
            if (level.configName().equalsIgnoreCase(raw)) {
                return level;
            }
        }
        throw new BadValueException(raw, "is not a log level (error, warn, info, debug or trace)");
    }

    /** Where received files go: a folder (made when first needed), or empty for none. */
    private static Path downloads(String raw, Path base) throws BadValueException {
        if (raw.isEmpty()) {
            return null;
        }
        Path path;
        try {
            path = base.resolve(raw.startsWith("~/") ? System.getProperty("user.home") + raw.substring(1) : raw)
                    .toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadValueException(raw, "is not a folder name");
        }
        if (Files.exists(path) && !Files.isDirectory(path)) {
            throw new BadValueException(raw, "is not a folder (" + Quote.of(path.toString()) + " is a file)");
        }
        return path;
    }

    private static Path networkKey(String raw, Path base) throws BadValueException {
        return existingFile(raw, base, "network key file");
    }

    /** A file that exists (its contents are checked when it is loaded), or null for an empty value. */
    private static Path existingFile(String raw, Path base, String what) throws BadValueException {
        if (raw.isEmpty()) {
            return null;
        }
        Path path;
        try {
            path = base.resolve(raw).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new BadValueException(raw, "is not a file name");
        }
        if (Files.isDirectory(path)) {
            throw new BadValueException(raw, "is a folder, not a network key file (make one with: parley keygen FILE)");
        }
        if (!Files.isRegularFile(path)) {
            throw new BadValueException(raw, "is not a " + what + " (no such file: " + Quote.of(path.toString()) + ")");
        }
        return path;
    }

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){3}");
    private static final String LISTEN_RULE =
            "is not an address of this machine to listen on (an IPv4 or IPv6 address such as 10.0.0.2 or fe80::1%eth0)";

    /** An address literal, never a name: nothing is looked up (an IPv6 literal is parsed in brackets). */
    private static InetAddress listenAddress(String raw) throws BadValueException {
        String literal = raw.startsWith("[") && raw.endsWith("]") ? raw.substring(1, raw.length() - 1) : raw;
        String parse;
        if (IPV4.matcher(literal).matches()) {
            parse = literal;
        } else if (IPV6.matcher(literal).matches()) {
            parse = "[" + literal + "]";
        } else {
            throw new BadValueException(raw, LISTEN_RULE);
        }
        try {
            return InetAddress.getByName(parse);
        } catch (UnknownHostException | SecurityException e) {
            throw new BadValueException(raw, LISTEN_RULE);
        }
    }

    /**
     * A DNS domain such as {@code office.example} (a trailing dot is dropped, case kept): labels of 1-63
     * letters, digits, hyphens and underscores, 253 characters at most; {@code local} is mDNS's, not unicast DNS's.
     */
    static String domain(String raw) throws BadValueException {
        String d = raw.endsWith(".") ? raw.substring(0, raw.length() - 1) : raw;
        if (d.isEmpty() || d.length() > 253 || !DOMAIN.matcher(d).matches()) {
            throw new BadValueException(raw, DOMAIN_RULE);
        }
        String lower = d.toLowerCase(Locale.ROOT);
        if (lower.equals("local") || lower.endsWith(".local")) {
            throw new BadValueException(raw, "is mDNS's domain (.local), found without this setting; " + DOMAIN_RULE);
        }
        return d;
    }

    private static String interfaceName(String item) throws BadValueException {
        if (item.codePoints().anyMatch(cp -> Character.isWhitespace(cp) || Character.isISOControl(cp))) {
            throw new BadValueException(item, "is not an interface name (a name such as eth0, no spaces)");
        }
        return item;
    }

    private static String peer(String item) throws BadValueException {
        String host = item;
        String port = null;
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close < 0) {
                throw new BadValueException(item, PEER_RULE);
            }
            host = item.substring(1, close);
            String rest = item.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new BadValueException(item, PEER_RULE);
                }
                port = rest.substring(1);
            }
            if (!IPV6.matcher(host).matches()) {
                throw new BadValueException(item, PEER_RULE);
            }
        } else if (item.indexOf(':') == item.lastIndexOf(':')) {
            int colon = item.indexOf(':');
            if (colon >= 0) {
                host = item.substring(0, colon);
                port = item.substring(colon + 1);
            }
            if (!HOST_NAME.matcher(host).matches()) {
                throw new BadValueException(item, PEER_RULE);
            }
        } else if (!IPV6.matcher(host).matches()) { // a bare IPv6 address: no port
            throw new BadValueException(item, PEER_RULE);
        }
        if (port != null && !validPort(port, 1)) {
            throw new BadValueException(item, PEER_RULE);
        }
        return item;
    }

    private interface ItemParser {
        String parse(String item) throws BadValueException;
    }

    /** Comma-separated; an empty value is an empty list; duplicates are dropped, order kept. */
    private static List<String> list(String raw, ItemParser parser) throws BadValueException {
        if (raw.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<String> items = new LinkedHashSet<>();
        for (String item : raw.split(",", -1)) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                throw new BadValueException(raw, "has an empty item (a comma-separated list, such as a,b)");
            }
            items.add(parser.parse(trimmed));
        }
        return new ArrayList<>(items);
    }
}
