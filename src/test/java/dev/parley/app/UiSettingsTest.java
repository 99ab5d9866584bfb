package dev.parley.app;

import dev.parley.tui.Notify;
import dev.parley.tui.Theme;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 17 (4, 7): how the settings become the full-screen UI's notifications and colours. */
class UiSettingsTest {
    private static final Settings DEFAULTS = Settings.defaults("alice");

    @Test
    void noColorMeansNoColourWhateverTheThemeSays() {
        Settings light = DEFAULTS.toBuilder().theme(Theme.LIGHT).build();
        assertEquals(Theme.NONE, Main.theme(light, Map.of("NO_COLOR", "1")));
        assertEquals(Theme.LIGHT, Main.theme(light, Map.of("NO_COLOR", "")), "an empty NO_COLOR is not set");
        assertEquals(Theme.DARK, Main.theme(DEFAULTS, Map.of()));
    }

    @Test
    void bellFalseTurnsEveryNotificationOff() {
        assertEquals(Notify.AUTO, Main.notifications(DEFAULTS));
        assertEquals(Notify.OFF, Main.notifications(DEFAULTS.toBuilder().bell(false).notifications(Notify.OSC9).build()));
        assertEquals(Notify.OSC9, Main.notifications(DEFAULTS.toBuilder().notifications(Notify.OSC9).build()));
    }
}
