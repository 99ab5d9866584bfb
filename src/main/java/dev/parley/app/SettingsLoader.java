package dev.parley.app;

import dev.parley.app.SettingsException.Origin;
import dev.parley.chat.ChatRecord;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds {@link Settings} from four layers, each overriding the one before it key by key: built-in
 * defaults, {@code parley.properties} in the state folder, {@code PARLEY_*} environment variables,
 * the command line. A list (interfaces, peers) from a later layer replaces the earlier list whole;
 * an empty value empties it. Every layer parses values the same way; a bad value, an unknown key in
 * the file or a malformed line is a {@link SettingsException} naming where it came from. Stateless
 * and thread-safe.
 */
public final class SettingsLoader {
    /** The configuration file's name in the state folder. */
    public static final String FILE_NAME = "parley.properties";
    /** A larger file is refused unread: ours is a few hundred bytes, and a mistake should not fill the heap. */
    static final int MAX_FILE_BYTES = 64 * 1024;
    private static final String ENV_PREFIX = "PARLEY_";
    /**
     * The {@code PARLEY_*} variables that are not settings: the state folder (read by {@link StateDir})
     * and the key log ({@code net.KeyLog}). Any other {@code PARLEY_*} variable is refused, as an unknown
     * key in the file is, so that a misspelt one is never silently ignored.
     */
    static final List<String> OTHER_VARIABLES = List.of(StateDir.VARIABLE, dev.parley.net.KeyLog.VARIABLE);

    private SettingsLoader() {}

    /**
     * Loads the settings with this machine's defaults (see {@link #defaultNick(Map)}).
     *
     * @param stateDir the state folder; a missing {@code parley.properties} there is no error
     * @param env the environment, normally {@code System.getenv()}; variables other than Parley's are ignored
     * @param commandLine raw option values by file key (see {@link SettingsOptions#values()})
     */
    public static Settings load(Path stateDir, Map<String, String> env, Map<String, String> commandLine)
            throws SettingsException {
        return load(Settings.defaults(defaultNick(env)), stateDir, env, commandLine);
    }

    /** Loads the settings on top of the given defaults. */
    public static Settings load(Settings defaults, Path stateDir, Map<String, String> env,
                                Map<String, String> commandLine) throws SettingsException {
        Settings.Builder b = defaults.toBuilder();
        applyFile(b, stateDir.resolve(FILE_NAME), stateDir);
        applyEnvironment(b, env);
        applyCommandLine(b, commandLine);
        return b.build();
    }

    /** The user name ({@code user.name}, else {@code $USER} and kin), else the host name, else "parley". */
    public static String defaultNick(Map<String, String> env) {
        return defaultNick(System.getProperty("user.name"), env, SettingsLoader::hostName);
    }

    static String defaultNick(String userName, Map<String, String> env, Supplier<String> hostName) {
        Stream<Supplier<String>> candidates = Stream.of(
                () -> userName, () -> env.get("USER"), () -> env.get("LOGNAME"), () -> env.get("USERNAME"),
                () -> firstLabel(env.get("HOSTNAME")), () -> firstLabel(env.get("COMPUTERNAME")),
                () -> firstLabel(hostName.get()));
        return candidates.map(c -> asNick(c.get())).filter(n -> !n.isEmpty()).findFirst().orElse("parley");
    }

    private static void applyFile(Settings.Builder b, Path file, Path stateDir) throws SettingsException {
        byte[] content;
        try {
            java.util.Optional<String> unsafe = StateFiles.unsafeToRead(file);
            if (unsafe.isPresent()) {
                throw new SettingsException(Origin.FILE, file + ": " + unsafe.get());
            }
        } catch (IOException e) {
            throw new SettingsException(Origin.FILE, file + ": cannot read: " + e.getMessage(), e);
        }
        try (java.io.InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            throw new SettingsException(Origin.FILE, file + ": cannot read: " + e, e);
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new SettingsException(Origin.FILE, file + ": too large (over " + MAX_FILE_BYTES / 1024
                    + " KiB); is it really Parley's configuration?");
        }
        List<PropertiesFile.Entry> entries;
        try {
            entries = PropertiesFile.parse(content);
        } catch (PropertiesFile.SyntaxException e) {
            String where = e.line() > 0 ? file + ":" + e.line() : file.toString();
            throw new SettingsException(Origin.FILE, where + ": " + e.getMessage());
        }
        Map<SettingsKey, Integer> seen = new HashMap<>();
        for (PropertiesFile.Entry e : entries) {
            String where = file + ":" + e.line();
            SettingsKey key = SettingsKey.byFileKey(e.key());
            if (key == null) {
                throw new SettingsException(Origin.FILE, where + ": " + unknownKey(e.key()));
            }
            Integer first = seen.putIfAbsent(key, e.line());
            if (first != null) {
                throw new SettingsException(Origin.FILE,
                        where + ": " + e.key() + ": set again (first on line " + first + ")");
            }
            apply(b, key, e.value(), stateDir, Origin.FILE, where + ": " + e.key());
        }
    }

    private static void applyEnvironment(Settings.Builder b, Map<String, String> env) throws SettingsException {
        for (String name : env.keySet()) {
            if (name.startsWith(ENV_PREFIX) && !knownVariables().contains(name)) {
                throw new SettingsException(Origin.ENVIRONMENT, "environment variable " + name + ": "
                        + unknownVariable(name));
            }
        }
        for (SettingsKey key : SettingsKey.values()) {
            String name = key.envVariable();
            String value = env.get(name);
            String alias = key.envAlias();
            if (alias != null && env.get(alias) != null) {
                if (value != null) {
                    throw new SettingsException(Origin.ENVIRONMENT, "environment variables " + name + " and "
                            + alias + " both set " + key.fileKey() + "; set one");
                }
                name = alias;
                value = env.get(alias);
            }
            if (value != null) {
                apply(b, key, value.strip(), Path.of(""), Origin.ENVIRONMENT, "environment variable " + name);
            }
        }
    }

    /** Every {@code PARLEY_*} variable Parley reads: each setting's (and its option's name), and these. */
    private static List<String> knownVariables() {
        List<String> known = new java.util.ArrayList<>();
        for (SettingsKey k : SettingsKey.values()) {
            known.add(k.envVariable());
            if (k.envAlias() != null) {
                known.add(k.envAlias());
            }
        }
        known.addAll(OTHER_VARIABLES);
        return known;
    }

    private static String unknownVariable(String name) {
        String guess = knownVariables().stream().filter(k -> distance(k, name) <= 3)
                .min(java.util.Comparator.comparingInt(k -> distance(k, name)))
                .map(k -> "did you mean " + k + "? ").orElse("");
        return "not a Parley setting (" + guess + "known: " + String.join(", ", knownVariables()) + ")";
    }

    private static void applyCommandLine(Settings.Builder b, Map<String, String> commandLine) throws SettingsException {
        for (String k : commandLine.keySet()) {
            if (SettingsKey.byFileKey(k) == null) {
                throw new IllegalArgumentException("not a setting: " + k);
            }
        }
        for (SettingsKey key : SettingsKey.values()) {
            String value = commandLine.get(key.fileKey());
            if (value != null) {
                String option = key.option() != null ? key.option() : "--" + key.fileKey();
                apply(b, key, value.strip(), Path.of(""), Origin.COMMAND_LINE, "option " + option);
            }
        }
    }

    private static void apply(Settings.Builder b, SettingsKey key, String raw, Path base, Origin origin, String where)
            throws SettingsException {
        try {
            key.apply(b, raw, base);
        } catch (BadValueException e) {
            throw new SettingsException(origin, where + ": " + Quote.of(e.value()) + " " + e.problem());
        }
    }

    private static String unknownKey(String key) {
        String known = Stream.of(SettingsKey.values()).map(SettingsKey::fileKey).collect(Collectors.joining(", "));
        String guess = Stream.of(SettingsKey.values()).map(SettingsKey::fileKey)
                .filter(k -> distance(k, key) <= 2).findFirst().map(k -> "did you mean " + k + "? ").orElse("");
        return "unknown key " + Quote.of(key) + " (" + guess + "known keys: " + known + ")";
    }

    /** Levenshtein distance, for suggesting the key a typo meant. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            int[] cur = new int[b.length() + 1];
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            prev = cur;
        }
        return prev[b.length()];
    }

    /** Keeps the characters a nickname allows, within its length limit; "" when none are left. */
    static String asNick(String candidate) {
        if (candidate == null || candidate.equals("?")) { // the JVM's user.name when it cannot tell
            return "";
        }
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int cp : candidate.codePoints().filter(SettingsKey::nickChar).toArray()) {
            bytes += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > ChatRecord.MAX_NICK_BYTES) {
                break;
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String firstLabel(String hostName) {
        if (hostName == null || hostName.matches("[0-9A-Fa-f.:%]*[.:][0-9A-Fa-f.:%]*")) { // no name, an address
            return null;
        }
        int dot = hostName.indexOf('.');
        return dot > 0 ? hostName.substring(0, dot) : hostName;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | SecurityException e) {
            return null;
        }
    }
}
