package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandsTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String EVE = FakeChat.fp("EVEfp123");

    private static Harness started() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.NEW));
        h.chat.addPeer(FakeChat.peer("EVEfp123", "eve", PeerState.ONLINE, Trust.CHANGED));
        h.start();
        h.key(KeyType.Tab);
        return h;
    }

    /** The conversation pane's rows 2..20, trimmed, without empty ones. */
    private static List<String> pane(Harness h) {
        List<String> out = new ArrayList<>();
        for (int row = 2; row <= 20; row++) {
            String r = h.row(row).substring(22).stripTrailing();
            if (!r.isEmpty()) {
                out.add(r);
            }
        }
        return out;
    }

    private static String last(Harness h) {
        List<String> p = pane(h);
        return p.get(p.size() - 1);
    }

    @Test
    void plainTextWithNoConversationOpenSaysHowToOpenOne() {
        Harness h = started();
        h.enter("hello?");
        assertTrue(h.chat.sent.isEmpty());
        List<String> p = pane(h);
        assertEquals(List.of("09:05 ! no conversation is open: pick a peer with ↑/↓ and",
                "      Enter, or use /msg PEER TEXT"), p.subList(p.size() - 2, p.size()));
    }

    @Test
    void msgSendsAndOpensTheConversation() {
        Harness h = started();
        h.enter("/msg bob hi there");
        assertEquals("send " + BOB + " hi there", h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(h.trimmed(1).endsWith("│ bob BOBfp123 · online · new"), h.trimmed(1));
        assertEquals(List.of("10:15 alice: hi there ✓"), pane(h));
    }

    @Test
    void msgToAnUnknownPeerIsAnErrorLineNotAnException() {
        Harness h = started();
        h.enter("/msg nobody hi");
        assertEquals("09:05 ! no peer nobody", last(h));
    }

    @Test
    void sendingToAPeerWhoseKeyChangedIsRefusedVisibly() {
        Harness h = started();
        h.enter("/msg eve hi");
        assertEquals("09:05 ! eve's key changed; /trust it first", last(h));
        assertTrue(h.chat.sent.isEmpty());
    }

    @Test
    void connectDialsAndReportsBadAddresses() {
        Harness h = started();
        h.enter("/connect 10.0.0.9:7447");
        assertEquals("connect 10.0.0.9:7447", h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals("09:05 -- dialling 10.0.0.9:7447 --", last(h));
        h.enter("/connect bad:host");
        assertEquals("09:05 ! cannot parse bad:host", last(h));
    }

    @Test
    void peersListsThemInThePane() {
        Harness h = started();
        h.enter("/peers");
        List<String> p = pane(h);
        assertEquals(List.of("09:05 -- peers: --", "      ● bob (BOBfp123) online, new",
                "      ● eve (EVEfp123) online, key changed!"), p.subList(p.size() - 3, p.size()));
    }

    @Test
    void nickChangesTheHeader() {
        Harness h = started();
        h.enter("/nick alicia");
        assertEquals("nick alicia", h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(h.trimmed(0).startsWith(" Parley · alicia · ALICEfp1 · "), h.trimmed(0));
        assertEquals("09:05 -- you are now alicia --", last(h));
    }

    @Test
    void verifyShowsTheSafetyNumberAndConfirmMarksTheKey() {
        Harness h = started();
        h.enter("/verify bob");
        List<String> p = pane(h);
        assertEquals(List.of("      12345 67890 11111 22222 33333 44444", "      55555 66666 77777 88888 99999 00000"),
                p.subList(p.size() - 2, p.size()));
        assertTrue(String.join(" ", p).contains("type /verify bob confirm"), String.join("\n", p));
        h.enter("/verify bob confirm");
        assertEquals("verify " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals("09:05 -- marked bob verified --", last(h));
        assertEquals(" ● bob ✓", h.row(1).substring(0, 20).stripTrailing());
    }

    @Test
    void anAcceptedNewKeyContinuesTheOldConversationInTheOpenPane() {
        Harness h = started();
        h.chat.receive(BOB, "before the reinstall");
        h.enter("/msg bob see you");
        assertTrue(String.join("\n", pane(h)).contains("before the reinstall"), pane(h).toString());
        String newBob = FakeChat.fp("NEWbob12");
        h.chat.addPeer(FakeChat.peer("NEWbob12", "bob", PeerState.ONLINE, Trust.CHANGED));
        h.chat.replacePeer(BOB, FakeChat.peer("NEWbob12", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.settle();
        String shown = String.join("\n", pane(h));
        assertTrue(shown.contains("before the reinstall") && shown.contains("see you"), shown);
        assertTrue(shown.contains("bob now has the key NEWbob12"), shown);
        h.enter("hello again");
        assertEquals(newBob, h.chat.sent.get(h.chat.sent.size() - 1).peer(), "the open pane writes to the new key");
    }

    @Test
    void aQueuedMessageSaysOnceHowLongItWaits() {
        Harness h = new Harness(100, 24);
        h.chat.addPeer(FakeChat.peer("CARfp123", "carol", PeerState.OFFLINE, Trust.KNOWN));
        h.start();
        h.enter("/msg carol one");
        h.enter("two");
        String shown = String.join("\n", pane(h));
        assertTrue(shown.contains("carol is not online: queued"), shown);
        assertTrue(shown.contains("within 24 h"), shown);
        assertEquals(shown.indexOf("is not online"), shown.lastIndexOf("is not online"), "once, not per message");
    }

    @Test
    void forgetUnverifyAndCancelAreCommands() {
        Harness h = started();
        h.enter("/unverify bob");
        assertEquals("unverify " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
        h.enter("/cancel bob");
        assertEquals("cancel " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(String.join("\n", pane(h)).contains("nothing waits to be sent to bob"), pane(h).toString());
        h.enter("/forget bob");
        assertEquals("forget " + BOB, h.chat.calls.get(h.chat.calls.size() - 1));
    }

    @Test
    void trustAcceptsAChangedKey() {
        Harness h = started();
        assertEquals(" ● eve !", h.row(2).substring(0, 20).stripTrailing());
        h.enter("/trust eve");
        assertEquals("trust " + EVE, h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(String.join("\n", pane(h)).contains("accepted the new key of eve"), pane(h).toString());
        assertEquals(" ● eve", h.row(2).substring(0, 20).stripTrailing());
    }

    @Test
    void awayAndBack() {
        Harness h = started();
        h.enter("/away");
        assertEquals("presence AWAY", h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(h.trimmed(0).endsWith("· 2 online · away"), h.trimmed(0));
        h.enter("/back");
        assertEquals("presence ONLINE", h.chat.calls.get(h.chat.calls.size() - 1));
        assertTrue(h.trimmed(0).endsWith("· 2 online"), h.trimmed(0));
    }

    @Test
    void clearEmptiesTheOpenConversationsView() {
        Harness h = started();
        h.enter("/msg bob one");
        h.enter("two");
        assertEquals(2, pane(h).size());
        h.enter("/clear");
        assertEquals(List.of(), pane(h));
        h.chat.receive(BOB, "after");
        h.settle();
        assertEquals(List.of("10:15 bob: after"), pane(h));
    }

    @Test
    void helpAndQuit() {
        Harness h = started();
        h.enter("/help");
        assertEquals("Help · Esc or F1 closes", h.row(1).substring(22).stripTrailing());
        assertFalse(h.enter("/quit"));
    }

    @Test
    void aMalformedCommandSaysWhatIsWrong() {
        Harness h = started();
        h.enter("/frobnicate");
        assertEquals("09:05 ! unknown command /frobnicate; try /help", last(h));
        h.enter("/msg bob");
        assertEquals("09:05 ! usage: /msg PEER TEXT", last(h));
    }

    @Test
    void commandsGoIntoTheHistoryToo() {
        Harness h = started();
        h.enter("/peers");
        h.key(KeyType.ArrowUp);
        assertEquals("> /peers", h.trimmed(22));
    }

    @Test
    void ignoreAndUnignoreAskTheEngineAndSaySo() {
        Harness h = started();
        h.enter("/ignore bob");
        assertEquals("ignore " + BOB + " true", h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals(List.of("09:05 -- ignoring bob (BOBfp123): no session, no messages,",
                "      until /unignore bob --"), pane(h).subList(pane(h).size() - 2, pane(h).size()));
        h.enter("/peers");
        assertTrue(pane(h).contains("      ⊘ bob (BOBfp123) ignored, new"), String.join("\n", pane(h)));

        h.enter("/unignore bob");
        assertEquals("ignore " + BOB + " false", h.chat.calls.get(h.chat.calls.size() - 1));
        assertEquals("09:05 -- no longer ignoring bob (BOBfp123) --", last(h));
    }

    @Test
    void ignoringAnUnknownPeerIsAnErrorLine() {
        Harness h = started();
        h.enter("/ignore nobody");
        assertEquals("09:05 ! no peer nobody", last(h));
        h.enter("/unignore");
        assertTrue(last(h).startsWith("09:05 ! "), last(h));
        assertFalse(h.chat.calls.stream().anyMatch(c -> c.startsWith("ignore")));
    }

    @Test
    void statusSaysWhyAPeerMayNotShowIncludingDialFailuresSeenAsWarnings() {
        Harness h = new Harness(100, 30);
        dev.parley.chat.NetworkStatus status = new dev.parley.chat.NetworkStatus(h.clock);
        status.listening(java.util.List.of("10.0.0.1"), 7447);
        h.ui.status(status);
        h.start();
        h.chat.warn(new dev.parley.chat.Warning("dial-failed", null, "could not reach 10.0.0.9:7447", java.util.Map.of()));
        h.settle();
        h.enter("/status");
        String screen = h.dump();
        assertTrue(screen.contains("listening on 10.0.0.1, port 7447"), screen);
        assertTrue(screen.contains("dial failures: 1, the latest:"), screen);
        assertTrue(screen.contains("09:05:00 could not reach 10.0.0.9:7447"), screen);
    }

    /** Issue 12: a hint that a peer uses another network key is in the peer's conversation and in /status. */
    @Test
    void aNetworkKeyHintIsInThePeersConversationAndInStatus() {
        Harness h = new Harness(160, 30);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", dev.parley.chat.PeerState.CONNECTING, dev.parley.chat.Trust.KNOWN));
        dev.parley.chat.NetworkStatus status = new dev.parley.chat.NetworkStatus(h.clock);
        h.ui.status(status);
        h.start();
        String hint = "bob (10.0.0.9:7447) does not answer our handshake (another network key, or busy)";
        h.chat.warn(new dev.parley.chat.Warning("no-handshake-reply", FakeChat.fp("BOBfp123"), hint, java.util.Map.of()));
        h.settle();
        h.key(com.googlecode.lanterna.input.KeyType.Enter); // bob's conversation
        assertTrue(h.dump().contains("!! " + hint), h.dump());
        assertTrue(h.row(1).contains("connecting · known · no handshake reply (another network key, or busy)"), h.row(1));
        h.enter("/status");
        String screen = h.dump();
        assertTrue(screen.contains("another network key, maybe: 1, the latest:"), screen);
        assertTrue(screen.contains("09:05:00 " + hint), screen);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", dev.parley.chat.PeerState.ONLINE, dev.parley.chat.Trust.KNOWN));
        h.settle();
        assertFalse(h.row(1).contains("another network key"), "online: the hint is over: " + h.row(1));
    }
}
