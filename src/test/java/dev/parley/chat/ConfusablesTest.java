package dev.parley.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.identity.KnownPeer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Look-alike and invisible-character nicknames, and marks a nickname must not forge (issues 12.3, 13.7). */
class ConfusablesTest {
    private final TestPeer alice = TestPeer.named("alice");

    @Test
    void lookAlikesShareTheKeyOfTheNameTheyImitate() {
        for (String disguise : List.of("\u0430lice", "a1ice", "a\u04CFice", "ALICE", "ａｌｉｃｅ", "al\u0131ce", "\u0430l\u0456\u0441\u0435")) {
            assertEquals(Sanitizer.nicknameKey("alice"), Sanitizer.nicknameKey(disguise), disguise);
        }
        assertEquals(Sanitizer.nicknameKey("paypal"), Sanitizer.nicknameKey("paypa1"));
        assertNotEquals(Sanitizer.nicknameKey("alice"), Sanitizer.nicknameKey("alicia"));
        assertNotEquals(Sanitizer.nicknameKey("bob"), Sanitizer.nicknameKey("rob"));
        assertEquals(Sanitizer.nicknameKey("bob"), Sanitizer.nicknameKey("b0b"));
    }

    @Test
    void defaultIgnorablesAreDroppedInComparisons() {
        for (String disguise : List.of("b\u034Fob", "bob\uFE0F", "bo\uFE00b", "b\u180Bob", "b\u200Bob", "bo\u2060b",
                "b\u3164ob", "bob\uDB40\uDD00")) {
            assertEquals(Sanitizer.nicknameKey("bob"), Sanitizer.nicknameKey(disguise), disguise.codePoints()
                    .mapToObj(Integer::toHexString).toList().toString());
        }
    }

    @Test
    void aLookAlikeOfAKnownNicknameIsShownApartWithTheWarning() throws Exception {
        TestPeer bob = TestPeer.named("bob");
        KnownPeer k = new KnownPeer(alice.fingerprint(), alice.publicKey(), "alice", Instant.EPOCH, Instant.EPOCH,
                true, List.of());
        for (String disguise : List.of("\u0430lice", "al\u034Fice", "alice\uFE0F")) {
            Node b = Node.started(bob, new MemoryTrustStore(k), new MutableClock());
            TestPeer fake = TestPeer.keyed(disguise, "fake " + disguise);
            b.engine.sessionUp(FakeSession.of(fake));
            PeerInfo p = b.engine.peer(fake.fingerprint()).orElseThrow();
            assertEquals(Trust.CHANGED, p.trust(), disguise);
            assertEquals(alice.fingerprint(), p.conflictsWith());
            assertEquals(1, b.events.warnings("key-changed").size());
            assertEquals(alice.fingerprint(), b.engine.resolve("alice").fingerprint(), "the name still means alice");
        }
    }

    @Test
    void parleysMarksCannotBeForgedFromANickname() {
        assertEquals("bob", Sanitizer.nickname("bob ✓"));
        assertEquals("bob", Sanitizer.nickname("bob\u2714"));
        assertEquals("bob", Sanitizer.nickname("⊘ bob ●"));
        assertEquals("bob", Sanitizer.nickname("bob !"));
        assertEquals("bob", Sanitizer.nickname("bob ＊"));
        assertEquals("bob", Sanitizer.nickname("bob · verified").replace(" verified", ""));
        assertEquals("bob!", Sanitizer.nickname("bob!"), "punctuation inside a word stays");
        assertEquals("bob 👍🏽", Sanitizer.nickname("bob 👍🏽"), "emoji and their modifiers stay");
        assertEquals("👨\u200D👩\u200D👧", Sanitizer.nickname("👨\u200D👩\u200D👧"), "joiners stay for emoji");
        assertEquals("", Sanitizer.nickname("\u3164"), "a Hangul filler is invisible: nothing visible is left");
        assertEquals("bob", Names.display("bob ✓", alice.fingerprint()));
    }

    @Test
    void ourOwnNicknameFollowsTheSameRulesAsTheOption() {
        assertEquals("bad-nickname", assertThrows(ChatException.class, () -> ChatEngine.checkNickname("two words")).code());
        assertEquals("bad-nickname", assertThrows(ChatException.class, () -> ChatEngine.checkNickname("bob✓")).code());
        assertEquals("bad-nickname", assertThrows(ChatException.class, () -> ChatEngine.checkNickname("b\u034Fob")).code());
        assertEquals("alice", assertDoesNotThrow(() -> ChatEngine.checkNickname("alice")));
        assertTrue(assertDoesNotThrow(() -> ChatEngine.checkNickname("zoë")).equals("zoë"));
    }

    private static <T> T assertDoesNotThrow(org.junit.jupiter.api.function.ThrowingSupplier<T> s) {
        return org.junit.jupiter.api.Assertions.assertDoesNotThrow(s);
    }
}
