package dev.parley.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.parley.identity.NetworkKey;
import dev.parley.lab.HeadlessPeer;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.parley.lab.HeadlessPeer.str;

/**
 * Issue 12, as two users meet it: two real {@code parley --headless} processes on loopback ({@code --no-mdns})
 * with different network keys, one given the other's address with {@code --peer}. Each is told, in its
 * own output, what it can tell; neither session comes up. Through the whole listener chain (files, rooms,
 * chat) as {@code Parley} wires it.
 */
class OtherNetworkKeyLoopbackTest {
    private static final int SECONDS = 60; // generous: two JVMs starting on a busy machine

    @TempDir
    Path temp;

    @Test
    void bothSidesAreToldAndNeitherGoesOnline() throws Exception {
        Path ours = temp.resolve("ours.key");
        Path theirs = temp.resolve("theirs.key");
        NetworkKey.generate(ours, new SecureRandom());
        NetworkKey.generate(theirs, new SecureRandom());
        try (HeadlessPeer bob = HeadlessPeer.startLocal("bob", temp.resolve("bob"), "--no-mdns", "--port", "0",
                "--network-key", theirs.toString())) {
            int port = bob.awaitEvent("ready", SECONDS, e -> true).get("port").getAsInt();
            try (HeadlessPeer alice = HeadlessPeer.startLocal("alice", temp.resolve("alice"), "--no-mdns", "--port", "0",
                    "--network-key", ours.toString(), "--peer", "127.0.0.1:" + port)) {
                JsonObject hint = alice.awaitEvent("warning", SECONDS, e -> "no-handshake-reply".equals(str(e, "code")));
                assertEquals("127.0.0.1:" + port, str(hint, "address"));
                assertTrue(str(hint, "message").contains("does not answer our handshake (another network key, or busy)"),
                        str(hint, "message"));
                JsonObject refused = bob.awaitEvent("warning", SECONDS, e -> "other-network-key".equals(str(e, "code")));
                assertEquals("a peer at 127.0.0.1 uses a network key other than ours: its handshake was refused, and it"
                        + " was told nothing", str(refused, "message"));
                for (HeadlessPeer p : java.util.List.of(alice, bob)) {
                    assertTrue(p.all().stream().noneMatch(e -> "peer".equals(str(e, "event"))
                            && "online".equals(str(e, "state"))), p.nick + " saw a peer online");
                }
                assertEquals(0, alice.quit());
            }
            assertEquals(0, bob.quit());
        }
    }

}
