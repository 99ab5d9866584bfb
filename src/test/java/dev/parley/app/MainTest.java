package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the command line says and returns when it cannot go on: a clear line and a non-zero exit. */
class MainTest {
    @TempDir
    Path home;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void helpAndVersionSucceed() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("--headless"), out.toString());
        assertTrue(out.toString().contains("Exit codes"), out.toString());
        assertEquals(0, run("--version"));
        assertTrue(out.toString().contains("protocol 1"));
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertEquals(2, run("--bogus"));
        assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
    }

    @Test
    void aBadValueNamesTheOptionAndIsAUsageError() {
        assertEquals(2, run("--headless", "--home", home.toString(), "--port", "70000"));
        assertTrue(err.toString().startsWith("parley: option --port: \"70000\" is not a port"), err.toString());
    }

    @Test
    void aMissingNetworkKeyFileIsNamed() {
        Path missing = home.resolve("nope.key");
        assertEquals(2, run("--headless", "--home", home.toString(), "--network-key", missing.toString()));
        assertTrue(err.toString().contains("nope.key"), err.toString());
    }

    @Test
    void aBadSettingInTheFileNamesFileAndLine() throws Exception {
        java.nio.file.Files.writeString(home.resolve("parley.properties"), "# ok\nprot = 1\n");
        assertEquals(2, run("--headless", "--home", home.toString()), "a bad setting is a usage error wherever it is");
        assertTrue(err.toString().contains("parley.properties:2"), err.toString());
    }

    @Test
    void withoutATerminalTheFullScreenUiPointsToHeadless() {
        // Tests run without a console, as a pipe or a service would.
        assertEquals(1, run("--home", home.toString(), "--no-mdns"));
        assertTrue(err.toString().contains("use --headless"), err.toString());
    }
}
