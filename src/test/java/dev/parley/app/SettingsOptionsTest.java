package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SettingsOptionsTest {
    @Command(name = "parley")
    static final class App {
        @Mixin
        SettingsOptions settings = new SettingsOptions();
    }

    private static SettingsOptions parse(String... args) {
        App app = new App();
        new CommandLine(app).parseArgs(args);
        return app.settings;
    }

    @Test
    void noOptionsOverrideNothing() {
        assertEquals(Map.of(), parse().values());
    }

    @Test
    void everyOptionBecomesItsKey() {
        Map<String, String> values = parse("--nick", "al", "--port", "0", "--interface", "eth0", "--interface",
                "wlan0", "--peer", "h:1", "--network-key", "k", "--no-mdns", "--log-level", "debug").values();
        assertEquals(Map.of("nick", "al", "port", "0", "interfaces", "eth0,wlan0", "peers", "h:1",
                "network-key", "k", "mdns", "false", "log-level", "debug"), values);
    }

    @Test
    void optionsOverrideEnvironmentThroughTheLoader(@TempDir Path state) throws Exception {
        Settings s = SettingsLoader.load(Settings.defaults("x"), state,
                Map.of("PARLEY_INTERFACES", "eth9", "PARLEY_MDNS", "true"),
                parse("--interface", "eth0", "--interface", "wlan0", "--no-mdns").values());
        assertEquals(List.of("eth0", "wlan0"), s.interfaces());
        assertFalse(s.mdns());
    }
}
