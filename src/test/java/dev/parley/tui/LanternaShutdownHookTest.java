package dev.parley.tui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * Utf8UnixTerminal removes Lanterna's shutdown hook, which could keep the JVM from exiting on a signal while the
 * terminal is not read (SignalEndToEndTest shows that end to end, where a namespace lab can be built). This
 * checks, everywhere, that Lanterna still keeps the hook where the terminal looks for it: an upgrade that moves it
 * fails here, not only in a hung process.
 */
class LanternaShutdownHookTest {
    @Test
    void lanternaKeepsItsShutdownHookWhereTheTerminalRemovesItFrom() throws Exception {
        Field hook = Utf8UnixTerminal.lanternasShutdownHook();
        assertEquals(Thread.class, hook.getType());
        hook.setAccessible(true); // as the terminal does: the library is on the class path, not a module
    }
}
