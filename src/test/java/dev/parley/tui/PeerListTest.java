package dev.parley.tui;

import com.googlecode.lanterna.TextColor;
import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Presence;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PeerListTest {
    /** The peer list column of rows 1..n, trimmed. */
    private static List<String> list(Harness h, int n) {
        return java.util.stream.IntStream.rangeClosed(1, n)
                .mapToObj(r -> h.row(r).substring(0, h.row(r).indexOf('│')).stripTrailing())
                .toList();
    }

    @Test
    void onlinePeersFirstThenByNicknameIgnoringCase() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("ZEDfp123", "Zed", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.OFFLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "Carl", PeerState.DISCOVERED, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("DANfp123", "dan", PeerState.CONNECTING, Trust.KNOWN));
        h.start();
        assertEquals(List.of(" ● bob", " ● Zed", " ○ amy", " ○ Carl", " ◌ dan"), list(h, 5));
    }

    @Test
    void theOrderFollowsStateChanges() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.OFFLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        assertEquals(List.of(" ● bob", " ○ amy"), list(h, 2));
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.LOST, Trust.KNOWN));
        h.settle();
        assertEquals(List.of(" ● amy", " ○ bob"), list(h, 2));
        assertTrue(h.trimmed(0).endsWith("· 1 online"));
    }

    @Test
    void trustMarksAndStateGlyphs() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AAAfp123", "ann", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.addPeer(new PeerInfo(FakeChat.fp("BBBfp123"), "ben", List.of(), PeerState.ONLINE, Trust.NEW,
                Presence.AWAY, null));
        h.chat.addPeer(FakeChat.peer("CCCfp123", "cat", PeerState.ONLINE, Trust.CHANGED));
        h.chat.addPeer(FakeChat.peer("DDDfp123", "dov", PeerState.OFFLINE, Trust.KNOWN));
        h.start();
        assertEquals(List.of(" ● ann ✓", " ◐ ben *", " ● cat !", " ○ dov"), list(h, 4));
    }

    @Test
    void aChangedKeyStandsOutInRed() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AAAfp123", "ann", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CCCfp123", "cat", PeerState.ONLINE, Trust.CHANGED));
        h.start();
        h.key(KeyType.ArrowDown); // the cursor away from ann, to see both unselected...
        h.key(KeyType.Tab);       // ...and no reverse video: focus on the input
        assertEquals(TextColor.ANSI.RED, h.at(3, 2).getForegroundColor(), "cat's nickname");
        assertTrue(h.at(3, 2).isBold());
        assertEquals(TextColor.ANSI.RED, h.at(7, 2).getForegroundColor(), "the ! mark");
        assertEquals(TextColor.ANSI.DEFAULT, h.at(3, 1).getForegroundColor(), "ann's nickname");
    }

    @Test
    void twoPeersWithOneNicknameShowTheirShortFingerprints() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.VERIFIED));
        h.chat.addPeer(FakeChat.peer("EVEfp123", "bob", PeerState.ONLINE, Trust.CHANGED));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        assertEquals(List.of(" ● bob BOBfp123 ✓", " ● bob EVEfp123 !", " ● carl"), list(h, 3));
    }

    @Test
    void longAndWideNicknamesAreCutWithAnEllipsisAndKeepTheBorder() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AAAfp123", "a-very-long-nickname-indeed", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BBBfp123", "ab日本語日本語日本語", PeerState.ONLINE, Trust.NEW));
        h.chat.addPeer(FakeChat.peer("CCCfp123", "ｃａｆｅ\u0301🎉🎉🎉🎉", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        assertEquals(List.of(" ● a-very-long-nic…", " ● ab日本語日本… *", " ● ｃａｆｅ\u0301🎉🎉🎉🎉"), list(h, 3));
        for (int row = 1; row <= 3; row++) {
            assertEquals("│", h.charAt(20, row), "border of row " + row);
        }
    }

    @Test
    void unreadCountsAreRightAligned() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.chat.receive(FakeChat.fp("CARLfp12"), "one");
        h.chat.receive(FakeChat.fp("CARLfp12"), "two");
        h.settle();
        assertEquals(" ● carl           2 │", h.row(2).substring(0, 21));
        for (int i = 0; i < 120; i++) {
            h.chat.receive(FakeChat.fp("CARLfp12"), "more");
        }
        h.settle();
        assertEquals(" ● carl         99+ │", h.row(2).substring(0, 21));
        assertEquals(TextColor.ANSI.YELLOW, h.at(16, 2).getForegroundColor());
    }

    @Test
    void theSelectedRowIsReversedWhileTheListHasFocus() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        assertTrue(h.at(3, 1).isReversed());
        assertTrue(h.at(19, 1).isReversed(), "the whole row up to the border");
        assertFalse(h.at(20, 1).isReversed());
        assertFalse(h.at(3, 2).isReversed());
        h.key(KeyType.ArrowDown);
        assertFalse(h.at(3, 1).isReversed());
        assertTrue(h.at(3, 2).isReversed());
        h.key(KeyType.Enter);
        assertFalse(h.at(3, 2).isReversed(), "focus moved to the input");
        assertTrue(h.at(3, 2).isBold(), "the open conversation stays marked");
    }

    @Test
    void aLongNicknameIsCutEverywhereAndTheRestOfEachLineStaysReadable() {
        String longNick = "bob_with_a_really_long_nickname_that_goes_on_and_on";
        Harness h = new Harness(100, 30, new FakeChat("alice_also_has_a_nickname_of_sixty_four_characters_or_so", Harness.ALICE_FP), true);
        String bob = h.chat.addPeer(FakeChat.peer("BOBfp123", longNick, PeerState.ONLINE, Trust.NEW)).fingerprint();
        h.start();
        h.key(KeyType.Enter);
        h.chat.receive(bob, "hi");
        h.chat.typingEvent(bob, true);
        h.settle();
        assertEquals(" Parley · alice_also_has_a_nickna… · ALICEfp1 · 10.0.0.1:7447 · network key on · 1 online",
                h.trimmed(0), "the header keeps our fingerprint, address and counts");
        assertEquals(" ● bob_with_a_really_… * │ bob_with_a_really_long_nickname_that_goes_on_and… BOBfp123 · online · new",
                h.trimmed(1), "the title keeps fingerprint, state and trust");
        assertEquals("10:15 bob_with_a_real…: hi", h.trimmed(2).substring(27));
        assertEquals("─".repeat(25) + "┴ bob_with_a_real… is typing… " + "─".repeat(45), h.row(27));
        assertEquals("bob_with_a_…>", h.trimmed(28));
    }

    @Test
    void aLongListScrollsToKeepTheSelectionVisible() {
        Harness h = new Harness(80, 24);
        for (int i = 0; i < 30; i++) {
            h.chat.addPeer(FakeChat.peer(String.format("P%02dfp123", i), String.format("peer%02d", i),
                    PeerState.ONLINE, Trust.KNOWN));
        }
        h.start();
        assertEquals(" ● peer00", list(h, 1).get(0));
        for (int i = 0; i < 25; i++) {
            h.key(KeyType.ArrowDown);
        }
        assertEquals(" ● peer25", list(h, 20).get(19));
        assertTrue(h.at(3, 20).isReversed());
        assertEquals(" ● peer06", list(h, 1).get(0));
    }

    @Test
    void aForgottenPeerLeavesTheListAndTheCursorStaysOnTheRowNowThere() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.LOST, Trust.NEW));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.LOST, Trust.NEW));
        h.start();
        h.key(KeyType.ArrowDown);
        assertTrue(h.at(3, 2).isReversed(), "the cursor on bob");
        h.chat.removePeer(FakeChat.fp("BOBfp123"));
        h.settle();
        assertEquals(List.of(" ● amy", " ○ carl *", ""), list(h, 3));
        assertTrue(h.at(3, 2).isReversed(), "the cursor on carl, where bob was");
        h.chat.removePeer(FakeChat.fp("CARLfp12"));
        h.settle();
        assertEquals(List.of(" ● amy", ""), list(h, 2));
        assertTrue(h.at(3, 1).isReversed(), "the last row went: the cursor moves up");
        h.chat.removePeer(FakeChat.fp("AMYfp123"));
        h.settle();
        assertEquals(" no peers yet", list(h, 1).get(0));
    }

    @Test
    void aForgottenPeerWhoseConversationIsOpenClosesItWithANote() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.ONLINE, Trust.KNOWN));
        String bob = h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.DISCOVERED, Trust.NEW)).fingerprint();
        h.start();
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter);
        assertTrue(h.trimmed(1).contains("│ bob BOBfp123 · seen on the LAN"), h.trimmed(1));
        h.chat.typingEvent(bob, true);
        h.chat.removePeer(bob);
        h.settle();
        assertEquals(List.of(" ● amy", ""), list(h, 2));
        assertTrue(h.trimmed(1).contains("│ Parley · status"), "back to the status view: " + h.trimmed(1));
        assertTrue(h.dump().contains("bob has left the network"), h.dump());
        assertFalse(h.dump().contains("typing"), h.dump());
        // announced again, it is a new peer with nothing behind it
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.DISCOVERED, Trust.NEW));
        h.settle();
        assertEquals(List.of(" ● amy", " ○ bob *"), list(h, 2));
    }

    @Test
    void removingAPeerTheListNeverHadChangesNothing() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AMYfp123", "amy", PeerState.ONLINE, Trust.KNOWN));
        h.start();
        h.chat.removePeer(FakeChat.fp("ZZZfp123"));
        h.settle();
        assertEquals(List.of(" ● amy", ""), list(h, 2));
        assertTrue(h.at(3, 1).isReversed());
    }

    @Test
    void noPeersYet() {
        Harness h = new Harness(80, 24).start();
        assertEquals(" no peers yet", list(h, 1).get(0));
    }

    @Test
    void anIgnoredPeerIsMarkedAndDimmedAndItsTitleSaysSo() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("AAAfp123", "ann", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(new PeerInfo(FakeChat.fp("BBBfp123"), "ben", List.of(), PeerState.OFFLINE, Trust.VERIFIED,
                Presence.ONLINE, null, true));
        h.start();
        assertEquals(List.of(" ● ann", " ⊘ ben ✓"), list(h, 2));
        h.key(KeyType.ArrowDown);
        h.key(KeyType.Enter); // open ben: the cursor leaves the list
        assertEquals(TextColor.ANSI.BLACK_BRIGHT, h.at(1, 2).getForegroundColor(), "the ⊘ is dim");
        assertEquals(TextColor.ANSI.BLACK_BRIGHT, h.at(3, 2).getForegroundColor(), "so is the nickname");
        assertTrue(h.trimmed(1).endsWith("│ ben BBBfp123 · ignored · verified"), h.trimmed(1));

        h.chat.addPeer(new PeerInfo(FakeChat.fp("BBBfp123"), "ben", List.of(), PeerState.ONLINE, Trust.VERIFIED,
                Presence.ONLINE, null, false));
        h.settle();
        assertEquals(List.of(" ● ann", " ● ben ✓"), list(h, 2), "unignored and back online");
    }
}
