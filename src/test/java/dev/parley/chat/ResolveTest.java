package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How a PEER argument names a peer: unique nickname, full fingerprint, or an 8+ character prefix. */
class ResolveTest {
    private final TestPeer bob = TestPeer.named("bob");
    private final TestPeer carol = TestPeer.named("Carol");
    private Node a;

    @BeforeEach
    void setUp() throws Exception {
        a = Node.started(TestPeer.named("alice"));
        a.engine.sessionUp(FakeSession.of(bob));
        a.engine.sessionUp(FakeSession.of(carol));
    }

    @Test
    void byNicknameIgnoringCase() throws Exception {
        assertEquals(bob.fingerprint(), a.engine.resolve("bob").fingerprint());
        assertEquals(carol.fingerprint(), a.engine.resolve("carol").fingerprint());
        assertEquals(carol.fingerprint(), a.engine.resolve(" CAROL ").fingerprint());
    }

    @Test
    void byFullFingerprint() throws Exception {
        assertEquals(bob.fingerprint(), a.engine.resolve(bob.fingerprint()).fingerprint());
    }

    @Test
    void byAPrefixOfAtLeastEightCharacters() throws Exception {
        assertEquals(bob.fingerprint(), a.engine.resolve(bob.body().substring(0, 8)).fingerprint());
        assertEquals(bob.fingerprint(), a.engine.resolve("SHA256:" + bob.body().substring(0, 8)).fingerprint());
        assertEquals(bob.fingerprint(), a.engine.resolve(bob.body().substring(0, 20)).fingerprint());
    }

    @Test
    void aSevenCharacterPrefixIsRefused() {
        ChatException e = assertThrows(ChatException.class, () -> a.engine.resolve(bob.body().substring(0, 7)));
        assertEquals("unknown-peer", e.code());
        assertTrue(e.getMessage().contains("8"), e.getMessage());
    }

    @Test
    void unknownNamesAreRefused() {
        assertEquals("unknown-peer", assertThrows(ChatException.class, () -> a.engine.resolve("dave")).code());
        assertEquals("unknown-peer", assertThrows(ChatException.class, () -> a.engine.resolve("")).code());
        assertEquals("unknown-peer", assertThrows(ChatException.class, () -> a.engine.resolve("zzzzzzzzzz")).code());
    }

    @Test
    void aSharedNicknameIsAmbiguousAndTheMessageListsTheCandidates() throws Exception {
        // Two strangers announce the same name; neither is known yet, so neither is "changed".
        TestPeer bob1 = TestPeer.keyed("robert", "r1");
        TestPeer bob2 = TestPeer.keyed("robert", "r2");
        a.engine.found(new DiscoveredPeer(bob1.fingerprint(), "robert", List.of(), 1, 1, false));
        a.engine.found(new DiscoveredPeer(bob2.fingerprint(), "robert", List.of(), 1, 1, false));
        ChatException e = assertThrows(ChatException.class, () -> a.engine.resolve("robert"));
        assertEquals("ambiguous-peer", e.code());
        assertTrue(e.getMessage().contains(bob1.fingerprint()) && e.getMessage().contains(bob2.fingerprint()),
                e.getMessage());
        assertEquals(bob1.fingerprint(), a.engine.resolve(bob1.body().substring(0, 8)).fingerprint());
    }

    @Test
    void aSharedPrefixIsAmbiguous() throws Exception {
        String common = "SHA256:ABCDEFGH";
        String f1 = common + "1".repeat(35);
        String f2 = common + "2".repeat(35);
        a.engine.sessionUp(new FakeSession(f1, new byte[32], "p1", null, false, 0));
        a.engine.sessionUp(new FakeSession(f2, new byte[] {1}, "p2", null, false, 0));
        ChatException e = assertThrows(ChatException.class, () -> a.engine.resolve("ABCDEFGH"));
        assertEquals("ambiguous-peer", e.code());
        assertTrue(e.getMessage().contains(f1) && e.getMessage().contains(f2));
        assertEquals(f1, a.engine.resolve("ABCDEFGH1").fingerprint());
    }

    @Test
    void aFingerprintPrefixIsCaseSensitive() {
        String prefix = bob.body().substring(0, 10);
        String flipped = prefix.equals(prefix.toLowerCase()) ? prefix.toUpperCase() : prefix.toLowerCase();
        assertThrows(ChatException.class, () -> a.engine.resolve(flipped));
    }
}
