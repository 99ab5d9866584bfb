package dev.parley.app;

import static dev.parley.lab.HeadlessPeer.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import dev.parley.discovery.InterfaceSelector;
import dev.parley.lab.HeadlessPeer;
import dev.parley.lab.Lab;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12: with no usable interface mDNS was silently off (only the log said so). Now a
 * {@code discovery-off} warning says it on screen and in headless, naming each interface and why it was
 * passed over. Runs Parley in a network namespace of its own ({@code unshare -n}): nothing leaves.
 */
class NoInterfaceTest {
    @TempDir
    Path temp;

    @Test
    void theReasonNamesEachInterface() throws Exception {
        List<InterfaceSelector.Description> all = List.of(
                new InterfaceSelector.Description("lo", true, true, false, List.of(InetAddress.getByName("127.0.0.1"))),
                new InterfaceSelector.Description("eth0", false, false, true, List.of(InetAddress.getByName("10.1.1.1"))),
                new InterfaceSelector.Description("docker0", true, false, true, List.of(InetAddress.getByName("172.17.0.1"))),
                new InterfaceSelector.Description("wg0", true, false, true, List.of()));
        assertEquals(List.of(), InterfaceSelector.select(all, List.of()));
        assertEquals("no usable network interface (lo: loopback; eth0: down; docker0: a container or virtual bridge;"
                + " wg0: no IPv4 address)", InterfaceSelector.whyNone(all));
    }

    @Test
    void withNoUsableInterfaceTheUserIsWarned() throws Exception {
        String why = Lab.unavailableReason();
        assumeTrue(why == null, () -> "skipped: " + why);
        HeadlessPeer p = HeadlessPeer.startUnshared("lonely", temp.resolve("lonely"));
        try {
            JsonObject ready = p.awaitEvent("ready", 30, e -> true);
            assertTrue(ready.get("addresses").getAsJsonArray().isEmpty(), "no address to announce: " + ready);
            JsonObject w = p.awaitSeen(0, "a discovery-off warning", 30,
                    e -> "warning".equals(str(e, "event")) && "discovery-off".equals(str(e, "code")));
            assertTrue(str(w, "message").contains("network interface"), str(w, "message"));
            assertTrue(str(w, "message").contains("/connect"), "says what still works: " + str(w, "message"));
            assertEquals(0, p.quit());
        } finally {
            p.close();
        }
    }
}
