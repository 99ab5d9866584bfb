package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.app.SettingsException.Origin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {
    private static final Settings DEFAULTS = Settings.defaults("dflt");

    @TempDir
    Path state;

    private Path file() {
        return state.resolve("parley.properties");
    }

    private void writeFile(String... lines) throws IOException {
        Files.write(file(), List.of(lines), StandardCharsets.UTF_8);
    }

    private Settings load(Map<String, String> env, Map<String, String> cli) throws SettingsException {
        return SettingsLoader.load(DEFAULTS, state, env, cli);
    }

    private SettingsException failure(Map<String, String> env, Map<String, String> cli) {
        return assertThrows(SettingsException.class, () -> load(env, cli));
    }

    @Test
    void withNothingConfiguredTheDefaultsApply() throws Exception {
        Settings s = load(Map.of(), Map.of());
        assertEquals(DEFAULTS, s);
        assertEquals(7447, s.port());
        assertEquals(List.of(), s.interfaces());
        assertEquals(List.of(), s.peers());
        assertNull(s.networkKey());
        assertTrue(s.mdns());
        assertEquals(LogLevel.INFO, s.logLevel());
        assertTrue(s.bell());
        assertTrue(s.typing());
        assertTrue(s.roomsAutoRejoin(), "rooms offered back after a restart by known members are taken back");
    }

    /** One key's value in each layer, and how to read it back. */
    private record Layered(String key, String file, String env, String cli, Function<Settings, Object> get,
                           Object fileValue, Object envValue, Object cliValue) {}

    private List<Layered> everyKey() throws IOException {
        Path k1 = Files.createFile(state.resolve("k1"));
        Path k2 = Files.createFile(state.resolve("k2"));
        Path k3 = Files.createFile(state.resolve("k3"));
        return List.of(
                new Layered("nick", "fromfile", "fromenv", "fromcli", Settings::nick, "fromfile", "fromenv", "fromcli"),
                new Layered("port", "1000", "2000", "0", Settings::port, 1000, 2000, 0),
                new Layered("interfaces", "eth0", "eth1", "wlan0", Settings::interfaces,
                        List.of("eth0"), List.of("eth1"), List.of("wlan0")),
                new Layered("peers", "a:1", "b:2", "c", Settings::peers, List.of("a:1"), List.of("b:2"), List.of("c")),
                new Layered("network-key", "k1", k2.toString(), k3.toString(), Settings::networkKey,
                        k1.toAbsolutePath(), k2.toAbsolutePath(), k3.toAbsolutePath()),
                new Layered("mdns", "false", "true", "false", Settings::mdns, false, true, false),
                new Layered("log-level", "debug", "trace", "error", Settings::logLevel,
                        LogLevel.DEBUG, LogLevel.TRACE, LogLevel.ERROR),
                new Layered("bell", "false", "true", "false", Settings::bell, false, true, false),
                new Layered("typing", "false", "true", "false", Settings::typing, false, true, false),
                new Layered("listen", "127.0.0.1", "::1", "127.0.0.2", Settings::listen,
                        addr("127.0.0.1"), addr("::1"), addr("127.0.0.2")),

                new Layered("downloads", "/tmp/parley-d1", "/tmp/parley-d2", "/tmp/parley-d3", Settings::downloads,
                        Path.of("/tmp/parley-d1"), Path.of("/tmp/parley-d2"), Path.of("/tmp/parley-d3")),
                new Layered("auto-accept", "verified", "off", "verified", Settings::autoAcceptVerified, true, false, true),
                new Layered("dns-sd", "false", "true", "false", Settings::dnsSd, false, true, false),
                new Layered("dns-sd-domains", "a.example", "b.example,c.example", "d.example.", Settings::dnsSdDomains,
                        List.of("a.example"), List.of("b.example", "c.example"), List.of("d.example")),
                new Layered("dns-sd-register", "a.example", "b.example", "c.example", Settings::dnsSdRegister,
                        "a.example", "b.example", "c.example"),
                new Layered("dns-sd-key", "k1", k2.toString(), k3.toString(), Settings::dnsSdKey,
                        k1.toAbsolutePath(), k2.toAbsolutePath(), k3.toAbsolutePath()),
                new Layered("notify", "osc9", "osc777", "off", Settings::notifications,
                        dev.parley.tui.Notify.OSC9, dev.parley.tui.Notify.OSC777, dev.parley.tui.Notify.OFF),
                new Layered("notify-content", "true", "false", "true", Settings::notifyContent, true, false, true),
                new Layered("theme", "light", "none", "dark", Settings::theme,
                        dev.parley.tui.Theme.LIGHT, dev.parley.tui.Theme.NONE, dev.parley.tui.Theme.DARK),
                new Layered("links", "on", "off", "auto", Settings::links,
                        dev.parley.tui.Links.ON, dev.parley.tui.Links.OFF, dev.parley.tui.Links.AUTO),
                new Layered("rooms-autorejoin", "false", "true", "false", Settings::roomsAutoRejoin, false, true, false));
    }

    @Test
    void dnsSdIsOnWithNothingToDoAndRegistersNowhereByDefault() throws Exception {
        Settings s = load(Map.of(), Map.of());
        assertTrue(s.dnsSd());
        assertEquals(List.of(), s.dnsSdDomains());
        assertNull(s.dnsSdRegister());
        assertNull(s.dnsSdKey());
    }

    @Test
    void aDnsSdDomainMustBeADomainAndNotMdnsOwn() throws Exception {
        writeFile("dns-sd-domains = office.example, under_score.example, x-1.y");
        assertEquals(List.of("office.example", "under_score.example", "x-1.y"), load(Map.of(), Map.of()).dnsSdDomains());
        for (String bad : List.of("two words.example", "a..b", "-a.example", "a-.example", ".", "local", "printers.local",
                "\u00e9t\u00e9.example", "a.example:53", "x".repeat(64) + ".example")) {
            SettingsException e = failure(Map.of("PARLEY_DNS_SD_DOMAINS", bad), Map.of());
            assertTrue(e.getMessage().startsWith("environment variable PARLEY_DNS_SD_DOMAINS: "), e.getMessage());
            assertTrue(e.getMessage().contains("DNS domain"), e.getMessage());
        }
        writeFile("dns-sd-register = office example");
        SettingsException e = failure(Map.of(), Map.of());
        assertTrue(e.getMessage().startsWith(file() + ":1: dns-sd-register: "), e.getMessage());
    }

    @Test
    void aMissingTsigKeyFileIsNamed() throws Exception {
        SettingsException e = failure(Map.of(), Map.of("dns-sd-key", state.resolve("nope").toString()));
        assertTrue(e.getMessage().contains("is not a TSIG key file (no such file"), e.getMessage());
    }

    private static String envName(String key) {
        return "PARLEY_" + key.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    @Test
    void everyKeyIsCoveredByTheLayeringTable() throws Exception {
        List<String> tabled = everyKey().stream().map(Layered::key).toList();
        List<String> keys = List.of(SettingsKey.values()).stream().map(SettingsKey::fileKey).toList();
        assertEquals(keys, tabled);
    }

    @Test
    void eachLayerOverridesTheOneBelowKeyByKey() throws Exception {
        for (Layered k : everyKey()) {
            Files.deleteIfExists(file());
            assertEquals(k.get().apply(DEFAULTS), k.get().apply(load(Map.of(), Map.of())), k.key() + " default");

            writeFile(k.key() + " = " + k.file());
            Settings fromFile = load(Map.of(), Map.of());
            assertEquals(k.fileValue(), k.get().apply(fromFile), k.key() + " from the file");

            Map<String, String> env = Map.of(envName(k.key()), k.env());
            assertEquals(k.envValue(), k.get().apply(load(env, Map.of())), k.key() + " from the environment");

            Map<String, String> cli = Map.of(k.key(), k.cli());
            assertEquals(k.cliValue(), k.get().apply(load(env, cli)), k.key() + " from the command line");
            assertEquals(k.cliValue(), k.get().apply(load(Map.of(), cli)), k.key() + " command line over file");
        }
    }

    @Test
    void aLayerChangesOnlyTheKeysItSets() throws Exception {
        writeFile("nick = filenick", "port = 1000", "bell = false");
        Settings s = load(Map.of("PARLEY_PORT", "2000"), Map.of("log-level", "debug"));
        assertEquals(DEFAULTS.toBuilder().nick("filenick").port(2000).bell(false).logLevel(LogLevel.DEBUG).build(), s);
    }

    @Test
    void listsAreReplacedNotMerged() throws Exception {
        writeFile("peers = a:1, b:2", "interfaces = eth0,eth1");
        assertEquals(List.of("a:1", "b:2"), load(Map.of(), Map.of()).peers());
        assertEquals(List.of("c:3"), load(Map.of("PARLEY_PEERS", "c:3"), Map.of()).peers());
        assertEquals(List.of("d"), load(Map.of("PARLEY_PEERS", "c:3"), Map.of("peers", "d")).peers());
        Settings emptied = load(Map.of("PARLEY_PEERS", "", "PARLEY_INTERFACES", " "), Map.of());
        assertEquals(List.of(), emptied.peers());
        assertEquals(List.of(), emptied.interfaces());
    }

    @Test
    void listItemsAreTrimmedAndDuplicatesDropped() throws Exception {
        writeFile("interfaces =  eth0 ,wlan0,eth0 ");
        assertEquals(List.of("eth0", "wlan0"), load(Map.of(), Map.of()).interfaces());
    }

    @Test
    void aBadPortInTheFileNamesFileLineKeyValueAndRange() throws Exception {
        writeFile("# comment", "", "nick = bob", "port = 70000");
        SettingsException e = failure(Map.of(), Map.of());
        assertEquals(file() + ":4: port: \"70000\" is not a port (0-65535)", e.getMessage());
        assertEquals(Origin.FILE, e.origin());
    }

    @Test
    void aNicknameFollowsTheRulesOfNickEverywhere() throws Exception {
        writeFile("nick = bob\u2713");
        SettingsException e = failure(Map.of(), Map.of());
        assertTrue(e.getMessage().startsWith(file() + ":1: nick: "), e.getMessage());
        assertTrue(e.getMessage().contains("marks Parley draws"), e.getMessage());
        writeFile("nick = b\u034Fob");
        assertTrue(failure(Map.of(), Map.of()).getMessage().startsWith(file() + ":1: nick: "));
    }

    @Test
    void aNonNumericPortIsRefused() throws Exception {
        SettingsException e = failure(Map.of("PARLEY_PORT", "http"), Map.of());
        assertEquals("environment variable PARLEY_PORT: \"http\" is not a port (0-65535)", e.getMessage());
        assertEquals(Origin.ENVIRONMENT, e.origin());
        assertEquals("environment variable PARLEY_PORT: \"-1\" is not a port (0-65535)",
                failure(Map.of("PARLEY_PORT", "-1"), Map.of()).getMessage());
    }

    @Test
    void aBadBooleanNamesTheVariable() {
        SettingsException e = failure(Map.of("PARLEY_MDNS", "maybe"), Map.of());
        assertEquals("environment variable PARLEY_MDNS: \"maybe\" is not a boolean (true or false)", e.getMessage());
    }

    @Test
    void booleansAndLevelsIgnoreCase() throws Exception {
        Settings s = load(Map.of("PARLEY_BELL", "FALSE", "PARLEY_LOG_LEVEL", "Warn"), Map.of());
        assertFalse(s.bell());
        assertEquals(LogLevel.WARN, s.logLevel());
    }

    @Test
    void aBadLogLevelOnTheCommandLineNamesTheOption() {
        SettingsException e = failure(Map.of(), Map.of("log-level", "loud"));
        assertEquals("option --log-level: \"loud\" is not a log level (error, warn, info, debug or trace)",
                e.getMessage());
        assertEquals(Origin.COMMAND_LINE, e.origin());
    }

    @Test
    void aBadLogLevelInTheFileNamesFileAndLine() throws Exception {
        writeFile("log-level = verbose");
        assertEquals(file() + ":1: log-level: \"verbose\" is not a log level (error, warn, info, debug or trace)",
                failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void anUnknownKeyInTheFileNamesFileAndLineAndSuggests() throws Exception {
        writeFile("nick = bob", "", "prot = 7000");
        SettingsException e = failure(Map.of(), Map.of());
        assertEquals(file() + ":3: unknown key \"prot\" (did you mean port? known keys: nick, port, interfaces, "
                + "peers, network-key, mdns, log-level, bell, typing, listen, downloads, auto-accept, dns-sd, dns-sd-domains, dns-sd-register, dns-sd-key, notify, notify-content, theme, links, rooms-autorejoin)", e.getMessage());
    }

    @Test
    void aLineWithoutEqualsIsAnError() throws Exception {
        writeFile("#port = 1", "port 7447");
        assertEquals(file() + ":2: expected KEY = VALUE, found \"port 7447\"",
                failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void aKeySetTwiceIsAnError() throws Exception {
        writeFile("port = 1", "nick = a", "port = 2");
        assertEquals(file() + ":3: port: set again (first on line 1)", failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void commentsBlankLinesCrlfAndByteOrderMarkAreHandled() throws Exception {
        Files.writeString(file(), "\uFEFF# c\r\n! also a comment\r\n\r\n  nick\t=  bob#1  \r\nport=1\r\n",
                StandardCharsets.UTF_8);
        Settings s = load(Map.of(), Map.of());
        assertEquals("bob#1", s.nick());
        assertEquals(1, s.port());
    }

    @Test
    void lineNumbersCountCarriageReturnOnlyLineEnds() throws Exception {
        Files.writeString(file(), "nick = a\rport = x\r", StandardCharsets.UTF_8);
        assertEquals(file() + ":2: port: \"x\" is not a port (0-65535)", failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void aFileThatIsNotUtf8IsAnError() throws Exception {
        Files.write(file(), new byte[] {'n', 'i', 'c', 'k', '=', (byte) 0xC3, (byte) 0x28});
        assertEquals(file() + ": not valid UTF-8", failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws Exception {
        Files.createDirectory(file());
        SettingsException e = failure(Map.of(), Map.of());
        assertTrue(e.getMessage().startsWith(file() + ": not a regular file"), e.getMessage()); // a folder
        assertEquals(Origin.FILE, e.origin());
    }

    private static java.net.InetAddress addr(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void otherEnvironmentVariablesAreIgnored() throws Exception {
        Settings s = load(Map.of("PARLEY_KEYLOGFILE", "/tmp/k", "PARLEY_HOME", "/x", "PATH", "/bin", "PORT", "1"),
                Map.of());
        assertEquals(DEFAULTS, s);
    }

    @Test
    void aMisspeltParleyVariableIsRefusedWithAGuess() {
        SettingsException e = failure(Map.of("PARLEY_NIKC", "bob"), Map.of());
        assertEquals(Origin.ENVIRONMENT, e.origin());
        assertTrue(e.getMessage().startsWith("environment variable PARLEY_NIKC: not a Parley setting (did you mean "
                + "PARLEY_NICK? known: PARLEY_NICK, "), e.getMessage());
        assertTrue(e.getMessage().contains("PARLEY_KEYLOGFILE"), e.getMessage());
        assertTrue(failure(Map.of("PARLEY_NO_MDNS", "1"), Map.of()).getMessage().contains("did you mean PARLEY_MDNS?"));
    }

    @Test
    void theOptionsNameWorksAsAVariableToo() throws Exception {
        Settings s = load(Map.of("PARLEY_PEER", "a:1,b", "PARLEY_INTERFACE", "eth1"), Map.of());
        assertEquals(List.of("a:1", "b"), s.peers());
        assertEquals(List.of("eth1"), s.interfaces());
        assertEquals("environment variable PARLEY_PEER: \"ho st\" is not a peer address (HOST[:PORT] with PORT 1-65535, "
                + "an IPv6 address as [ADDRESS]:PORT)", failure(Map.of("PARLEY_PEER", "ho st"), Map.of()).getMessage());
        assertEquals("environment variables PARLEY_PEERS and PARLEY_PEER both set peers; set one",
                failure(Map.of("PARLEY_PEERS", "a", "PARLEY_PEER", "b"), Map.of()).getMessage());
    }

    @Test
    void onlyTheDefaultPortMayGiveWayToAFreeOne() throws Exception {
        assertFalse(load(Map.of(), Map.of()).portChosen(), "nobody chose 7447");
        assertTrue(load(Map.of(), Map.of("port", "7447")).portChosen(), "--port 7447 is a choice");
        assertTrue(load(Map.of("PARLEY_PORT", "7447"), Map.of()).portChosen());
        writeFile("port = 7447");
        assertTrue(load(Map.of(), Map.of()).portChosen());
    }

    @Test
    void listenTakesAnAddressLiteralAndNeverAName() throws Exception {
        assertEquals(addr("127.0.0.1"), load(Map.of(), Map.of("listen", "127.0.0.1")).listen());
        assertEquals(addr("::1"), load(Map.of(), Map.of("listen", "[::1]")).listen());
        assertNull(load(Map.of("PARLEY_LISTEN", ""), Map.of()).listen(), "empty: every address");
        for (String bad : List.of("localhost", "example.com", "300.1.1.1", "1.2.3", "::g", "fe80::1%nosuchif0")) {
            assertEquals("option --listen: \"" + bad + "\" is not an address of this machine to listen on (an IPv4 or "
                    + "IPv6 address such as 10.0.0.2 or fe80::1%eth0)",
                    failure(Map.of(), Map.of("listen", bad)).getMessage(), bad);
        }
    }

    @Test
    void aFolderGivenAsTheNetworkKeyIsCalledAFolder() throws Exception {
        Path dir = Files.createDirectory(state.resolve("keys"));
        assertEquals("option --network-key: \"" + dir + "\" is a folder, not a network key file (make one with: "
                + "parley keygen FILE)", failure(Map.of(), Map.of("network-key", dir.toString())).getMessage());
    }

    @Test
    void badNicksAreRefusedWithTheRule() throws Exception {
        String rule = "is not a nickname (1-64 bytes of UTF-8, no spaces or control characters)";
        assertEquals("option --nick: \"a b\" " + rule, failure(Map.of(), Map.of("nick", "a b")).getMessage());
        assertEquals("environment variable PARLEY_NICK: \"a\\u001B[31m\" " + rule,
                failure(Map.of("PARLEY_NICK", "a\u001b[31m"), Map.of()).getMessage());
        assertEquals("option --nick: \"\\u202Eevil\" " + rule,
                failure(Map.of(), Map.of("nick", "\u202eevil")).getMessage());
        assertEquals("option --nick: \"\" " + rule, failure(Map.of(), Map.of("nick", "")).getMessage());
        String tooLong = "é".repeat(33);
        assertEquals("option --nick: \"" + tooLong + "\" " + rule,
                failure(Map.of(), Map.of("nick", tooLong)).getMessage());
        assertEquals("é".repeat(32), load(Map.of(), Map.of("nick", "é".repeat(32))).nick());
    }

    @Test
    void peerAddressesAreChecked() throws Exception {
        List<String> good = List.of("host", "host:7447", "10.0.0.2:1", "my-host.lan:65535", "[fe80::1%eth0]:7447",
                "[::1]", "fe80::1");
        assertEquals(good, load(Map.of(), Map.of("peers", String.join(",", good))).peers());
        for (String bad : List.of("host:0", "host:65536", "host:", ":7447", "[::1", "[::1]7447", "ho st",
                "-host", "host:x", "[host]:1")) {
            assertEquals("option --peer: \"" + bad + "\" is not a peer address (HOST[:PORT] with PORT 1-65535, "
                    + "an IPv6 address as [ADDRESS]:PORT)",
                    failure(Map.of(), Map.of("peers", "ok," + bad)).getMessage(), bad);
        }
    }

    @Test
    void anEmptyListItemIsAnError() {
        assertEquals("environment variable PARLEY_INTERFACES: \"eth0,,eth1\" has an empty item "
                + "(a comma-separated list, such as a,b)",
                failure(Map.of("PARLEY_INTERFACES", "eth0,,eth1"), Map.of()).getMessage());
    }

    @Test
    void aNetworkKeyInTheFileIsRelativeToTheStateFolder() throws Exception {
        Path key = Files.createFile(state.resolve("network.key"));
        writeFile("network-key = network.key");
        assertEquals(key.toAbsolutePath(), load(Map.of(), Map.of()).networkKey());
        assertNull(load(Map.of("PARLEY_NETWORK_KEY", ""), Map.of()).networkKey(), "empty means none");
    }

    @Test
    void aMissingNetworkKeyFileIsAnError() throws Exception {
        writeFile("network-key = nope.key");
        assertEquals(file() + ":1: network-key: \"nope.key\" is not a network key file (no such file: \""
                + state.resolve("nope.key").toAbsolutePath() + "\")", failure(Map.of(), Map.of()).getMessage());
    }

    @Test
    void aNetworkKeyPathWithAnEscapeSequenceIsQuotedInTheError() {
        String message = failure(Map.of(), Map.of("network-key", "\u001b[2Jx")).getMessage();
        assertTrue(message.contains("no such file: \"") && message.contains("\\u001B[2Jx\")"), message);
        assertFalse(message.contains("\u001b"), "no raw escape reaches the terminal");
    }

    @Test
    void anUnknownCommandLineKeyIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), Map.of("colour", "blue")));
    }
}
