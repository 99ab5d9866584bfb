package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The quick parse of a plain start gives what picocli gives, and leaves everything else to picocli.
 */
class QuickArgsTest {
    @TempDir
    Path home;

    /** What a parse decides: the options, or that picocli has to speak (help, version, subcommand, error). */
    record Parsed(String home, boolean headless, Map<String, String> settings) {
        static Parsed of(Main m) {
            return new Parsed(m.home, m.headless, m.options.values());
        }
    }

    /** picocli's own parse of {@code args}; {@code null} if it would print help or an error, or run a subcommand. */
    private static Parsed picocli(String... args) {
        Main m = new Main();
        try {
            CommandLine.ParseResult r = new CommandLine(m).parseArgs(args);
            if (r.isUsageHelpRequested() || r.isVersionHelpRequested() || r.hasSubcommand()) {
                return null;
            }
            return Parsed.of(m);
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static Parsed quick(String... args) {
        Main m = QuickArgs.parse(args);
        return m == null ? null : Parsed.of(m);
    }

    @Test
    void theLinesScriptsAndTheReadmeUseAreParsedQuickly() {
        List<String[]> lines = List.of(
                new String[] {},
                new String[] {"--headless"},
                new String[] {"--headless", "--no-mdns", "--port", "0", "--home", "/tmp/h", "--nick", "s"},
                new String[] {"--nick=al", "--port=7447", "--interface", "eth0", "--interface=wlan0", "--peer", "h:1",
                    "--peer", "[::1]:7447", "--network-key", "k.key", "--log-level", "debug", "--home", "x y"});
        for (String[] args : lines) {
            Parsed quick = quick(args);
            assertNotNull(quick, String.join(" ", args));
            assertEquals(picocli(args), quick, String.join(" ", args));
        }
        assertEquals(new Parsed("x y", false, Map.of("nick", "al", "port", "7447", "interfaces", "eth0,wlan0",
                "peers", "h:1,[::1]:7447", "network-key", "k.key", "log-level", "debug")), quick(lines.get(3)));
        assertEquals(new Parsed("/tmp/h", true, Map.of("mdns", "false", "port", "0", "nick", "s")), quick(lines.get(2)));
    }

    @Test
    void everythingElseIsLeftToPicocli() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"}, new String[] {"--version"},
                new String[] {"-V"}, new String[] {"id"}, new String[] {"keygen", "f"}, new String[] {"--bogus"},
                new String[] {"--nick"}, new String[] {"--nick", "--port", "1"}, new String[] {"--nick", "a", "--nick", "b"},
                new String[] {"--headless", "--headless"}, new String[] {"--headless=true"}, new String[] {"@args"},
                new String[] {"--nick", "@me"}, new String[] {"--nick="}, new String[] {"--home", "id"},
                new String[] {"--", "--headless"}, new String[] {"--headless", "x"}, new String[] {"--nick", "-x"})) {
            assertNull(QuickArgs.parse(args), String.join(" ", args));
        }
    }

    @Test
    void everyOptionOfTheMainCommandIsUnderstood() {
        for (CommandLine.Model.OptionSpec option : new CommandLine(new Main()).getCommandSpec().options()) {
            if (option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            String[] args = option.arity().max() == 0 ? new String[] {name} : new String[] {name, "v"};
            assertNotNull(QuickArgs.parse(args), name + " would go the slow way; teach QuickArgs about it");
            assertEquals(picocli(args), quick(args), name);
        }
    }

    @Property(tries = 3000)
    void whatItAcceptsPicocliParsesTheSameWay(@ForAll("commandLines") List<String> line) {
        String[] args = line.toArray(String[]::new);
        Parsed quick = quick(args);
        if (quick != null) {
            assertEquals(picocli(args), quick, String.join(" | ", line));
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        List<String> names = List.of("--home", "--headless", "--nick", "--port", "--interface", "--peer", "--network-key",
                "--no-mdns", "--log-level", "--listen", "--plain", "--no-dns-sd", "--dns-sd-domain", "--dns-sd-register",
                "--dns-sd-key", "--help", "-h", "--version", "-V", "--", "--bogus", "--HOME", "--nic");
        List<String> values = List.of("a", "b c", "0", "7447", "x=y", "-", "-x", "@f", "", "id", "keygen", "help",
                "\"q\"", "'q'", "debug", "eth0", "h:1", "a,b", " ", "--nick", "--headless", "é");
        List<String> tokens = new ArrayList<>(names);
        tokens.addAll(values);
        for (String n : names) {
            for (String v : values) {
                tokens.add(n + "=" + v);
            }
        }
        return Arbitraries.of(tokens).list().ofMaxSize(8);
    }

    @Test
    void aQuickStartReportsABadValueAsPicocliDid() {
        StringWriter err = new StringWriter();
        assertEquals(Main.USAGE, Main.execute(new String[] {"--headless", "--home", home.toString(), "--port", "70000"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
        assertTrue(err.toString().startsWith("parley: option --port: \"70000\" is not a port"), err.toString());
    }

    @Test
    void aQuickStartWithoutATerminalPointsToHeadless() {
        StringWriter err = new StringWriter();
        assertEquals(Main.FAILURE, Main.execute(new String[] {"--home", home.toString(), "--no-mdns"},
                new PrintWriter(new StringWriter()), new PrintWriter(err, true)));
        assertTrue(err.toString().contains("use --headless"), err.toString());
    }

    @Test
    void mistakesStillGetPicocliMessages() {
        StringWriter err = new StringWriter();
        assertEquals(Main.USAGE, Main.execute(new String[] {"--bogus"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true)));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
    }
}
