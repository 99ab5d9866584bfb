package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /ignore} and {@code /unignore} reach the engine with the resolved fingerprint; peers say whether they are ignored. */
class IgnoreCommandTest {
    private final TestThreads writers = new TestThreads();
    private final FakeChat chat = new FakeChat();
    private final GatedWriter out = new GatedWriter(true);
    private final PeerInfo bob = FakeChat.peer("bob", "SHA256:bobbobbobbob");
    private Headless headless;
    private int seen;

    @BeforeEach
    void setUp() {
        chat.add(bob);
        headless = Headless.attach(chat, new StringReader(""), out, writers);
        headless.ready(7447, List.of());
    }

    @AfterEach
    void tearDown() {
        writers.close();
    }

    /** The events written since the last call, ready aside. */
    private List<JsonObject> events() throws InterruptedException {
        assertTrue(headless.awaitWritten(Duration.ofSeconds(30)));
        List<JsonObject> all = out.lines().stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
                .filter(e -> !e.get("event").getAsString().equals("ready")).toList();
        List<JsonObject> fresh = all.subList(seen, all.size());
        seen = all.size();
        return fresh;
    }

    @Test
    void ignoreAndUnignoreDispatchTheResolvedFingerprint() throws Exception {
        headless.execute("/ignore bob");
        assertEquals(List.of(new FakeChat.Ignore(bob.fingerprint(), true)), chat.ignores);
        assertEquals(List.of(), events(), "the engine's peer event answers");

        chat.add(FakeChat.withState(bob, PeerState.OFFLINE, true));
        headless.execute("/unignore " + bob.fingerprint());
        assertEquals(new FakeChat.Ignore(bob.fingerprint(), false), chat.ignores.get(1));
    }

    @Test
    void ignoringAPeerAlreadyIgnoredSaysWhereItStands() throws Exception {
        headless.execute("/unignore bob");
        JsonObject p = events().get(0);
        assertEquals("peer", p.get("event").getAsString());
        assertFalse(p.get("ignored").getAsBoolean());
        assertTrue(chat.ignores.isEmpty());

        chat.add(FakeChat.withState(bob, PeerState.OFFLINE, true));
        headless.execute("/ignore bob");
        assertTrue(events().get(0).get("ignored").getAsBoolean());
        assertTrue(chat.ignores.isEmpty());
    }

    @Test
    void theEnginesPeerEventCarriesIgnored() throws Exception {
        chat.listener().peerChanged(FakeChat.withState(bob, PeerState.OFFLINE, true));
        chat.listener().peerChanged(FakeChat.withState(bob, PeerState.ONLINE, false));
        List<JsonObject> e = events();
        assertTrue(e.get(0).get("ignored").getAsBoolean());
        assertEquals("offline", e.get(0).get("state").getAsString());
        assertFalse(e.get(1).get("ignored").getAsBoolean());
    }

    @Test
    void badIgnoreCommandsAreOneErrorAndReachNothing() throws Exception {
        String[][] cases = {{"/ignore", "bad-command"}, {"/ignore bob carol", "bad-command"},
                {"/unignore nobody", "unknown-peer"}, {"/ignore nobody", "unknown-peer"}};
        for (String[] c : cases) {
            headless.execute(c[0]);
            List<JsonObject> e = events();
            assertEquals(1, e.size(), c[0]);
            assertEquals("error", e.get(0).get("event").getAsString(), c[0]);
            assertEquals(c[1], e.get(0).get("code").getAsString(), c[0]);
        }
        assertTrue(chat.ignores.isEmpty());
    }

    @Test
    void helpListsIgnoreAndUnignore() throws Exception {
        headless.execute("/help");
        List<String> lines = events().get(0).getAsJsonArray("lines").asList().stream()
                .map(l -> l.getAsString()).toList();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("/ignore PEER")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("/unignore PEER")), lines.toString());
    }
}
