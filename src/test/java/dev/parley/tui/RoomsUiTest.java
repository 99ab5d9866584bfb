package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.ChatException;
import dev.parley.chat.Trust;
import dev.parley.rooms.RoomCommand;
import dev.parley.rooms.RoomsEngine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms on the full-screen UI, on a virtual terminal, with real rooms engines over the {@link RoomsRig}'s
 * sessions: the Rooms section and its unread counts, a room's title, our messages' per-member marks, the
 * lines for missing and late messages, invitations, the commands.
 */
class RoomsUiTest {
    /** The list column of rows 1..n, trimmed. */
    private static List<String> list(Harness h, int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(r -> h.row(r).substring(0, h.row(r).indexOf('│')).stripTrailing())
                .toList();
    }

    /** The conversation pane's part of a row, trimmed. */
    private static String pane(Harness h, int row) {
        String r = h.row(row);
        return r.substring(r.indexOf('│') + 1).strip();
    }

    /** The pane's rows (title first), trimmed. */
    private static List<String> paneRows(Harness h) {
        return IntStream.range(1, h.rows() - 4).mapToObj(r -> pane(h, r)).toList();
    }

    private static Harness ui(RoomsRig rig, Trust trust, int columns, int rows) {
        return new Harness(columns, rows, rig.chat(trust), rig.alice().engine).start();
    }

    /** bob owns #lunch; alice joins from the UI, the others by their engines. */
    private static String bobsRoom(RoomsRig rig, Harness h, String topic, String... others) throws ChatException {
        RoomsEngine bob = rig.engine("bob");
        String id = bob.create("lunch", topic).id();
        bob.invite(id, rig.alice().fp, "");
        for (String o : others) {
            bob.invite(id, rig.node(o).fp, "");
        }
        rig.drain();
        h.settle();
        h.enter("/join #lunch");
        rig.drain();
        for (String o : others) {
            rig.engine(o).join("#lunch");
        }
        rig.drain();
        h.settle();
        return id;
    }

    @Test
    void roomsHaveTheirOwnSectionAboveThePeersWithUnreadCounts() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 80, 24);
        assertEquals(List.of(" ● bob", " ● carol"), list(h, 2), "no rooms: the list is as before");

        bobsRoom(rig, h, "", "carol");
        assertEquals(List.of(" Rooms", " # lunch 3/3", " Peers", " ● bob", " ● carol"), list(h, 5));

        int bells = h.bells;
        rig.engine("bob").send("#lunch", "one");
        rig.engine("carol").send("#lunch", "two");
        rig.drain();
        assertFalse(rig.engine("bob").undelivered().isEmpty(), "not delivered before it is on alice's screen");
        h.settle();
        String row = list(h, 2).get(1);
        assertTrue(row.startsWith(" # lunch 3/3 ") && row.endsWith(" 2"), "2 unread: " + row);
        assertEquals(bells + 1, h.bells, "the first unread message rings, the next does not");
        rig.drain(); // alice's acknowledgements, sent once the UI had the messages
        assertTrue(rig.engine("bob").undelivered().isEmpty(), "delivered once on alice's screen");

        h.alt('1'); // the list's first entry: the room
        assertEquals(" # lunch 3/3", list(h, 2).get(1), "read: the count goes");
        assertTrue(paneRows(h).stream().anyMatch(r -> r.endsWith("bob: one")), h.dump());
        assertTrue(paneRows(h).stream().anyMatch(r -> r.endsWith("carol: two")), h.dump());
        assertEquals("#lunch> ", h.row(h.rows() - 2).substring(0, 8), "the prompt names the room");
        assertEquals(0, rig.alice().engine.room("#lunch").unread(), "the engine's count went too");
    }

    @Test
    void roomsHeldBeforeTheUiStartsAreShownOnceWithTheirUnreadAndHandedOver() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol").connectAll();
        Harness h = new Harness(80, 24, rig.chat(Trust.KNOWN), rig.alice().engine); // attached, not started
        RoomsEngine bob = rig.engine("bob");
        String id = bob.create("lunch", "").id();
        bob.invite(id, rig.alice().fp, "");
        bob.create("tea", "");
        bob.invite("#tea", rig.alice().fp, "");
        rig.drain();
        rig.alice().engine.join("#lunch");
        rig.drain();
        bob.send("#lunch", "before you looked");
        bob.send("#lunch", "and again");
        rig.drain();
        assertEquals(2, bob.undelivered().size(), "alice's UI has not shown them yet");

        h.start();
        rig.drain();
        assertTrue(bob.undelivered().isEmpty(), "handed over once on the screen model");
        List<String> rows = list(h, 4);
        assertTrue(rows.get(1).startsWith(" # lunch 2/2 ") && rows.get(1).endsWith(" 2"), rows.toString());
        assertEquals(" ? tea invited", rows.get(2));
        h.alt('1');
        assertEquals(1, paneRows(h).stream().filter(r -> r.endsWith("bob: before you looked")).count(), h.dump());
        assertEquals(1, paneRows(h).stream().filter(r -> r.endsWith("bob: and again")).count(), h.dump());
    }

    @Test
    void theListScrollsOverBothSectionsToKeepTheCursorInSight() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol", "dave", "erin", "fred", "gus", "hal").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 60, 12); // 8 rows of list
        rig.alice().engine.create("aa", "");
        rig.alice().engine.create("bb", "");
        h.settle();
        assertEquals(List.of(" Rooms", " # aa 1/1", " # bb 1/1", " Peers", " ● bob", " ● carol", " ● dave", " ● erin"),
                list(h, 8));
        for (int i = 0; i < 9; i++) {
            h.key(KeyType.ArrowDown); // from bob (selected first) down to hal, and past the end
        }
        List<String> rows = list(h, 8);
        assertEquals(" ● hal", rows.get(7), "the cursor's row is the last shown: " + rows);
        for (int i = 0; i < 9; i++) {
            h.key(KeyType.ArrowUp);
        }
        assertEquals(" # aa 1/1", list(h, 8).get(1), "back at the top, the first room");
        h.key(KeyType.Enter);
        assertEquals("#aa · 1 member, 1 online · owner you · v1", pane(h, 1));
    }

    @Test
    void typingInAnOpenRoomSendsToItAndRoomRowsAreSelectedLikePeers() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 80, 24);
        bobsRoom(rig, h, "");
        h.key(KeyType.Escape); // back to the list
        h.key(KeyType.ArrowUp);
        h.key(KeyType.ArrowUp);
        h.key(KeyType.Enter); // from bob up to the room
        h.enter("hello room");
        rig.drain();
        h.settle();
        assertTrue(rig.engine("bob").messages("#lunch").stream().anyMatch(m -> m.text().equals("hello room")
                && m.nick().equals("alice")), "bob's engine got it");
        assertTrue(paneRows(h).stream().anyMatch(r -> r.endsWith("alice: hello room ✓✓ 1/1")), h.dump());
    }

    @Test
    void theTitleSaysMembersOnlineOwnerVersionAndTopic() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol", "dave").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 120, 24);
        bobsRoom(rig, h, "friday plans", "carol", "dave");
        rig.down("alice", "dave");
        h.settle();
        h.alt('1');
        assertEquals("#lunch · 4 members, 3 online · owner bob · v4 · friday plans", pane(h, 1));
        assertEquals(" # lunch 3/4", list(h, 2).get(1));
        rig.engine("bob").topic("#lunch", "saturday instead");
        rig.drain();
        h.settle();
        assertEquals("#lunch · 4 members, 3 online · owner bob · v5 · saturday instead", pane(h, 1));
        assertTrue(paneRows(h).stream().anyMatch(r -> r.endsWith("-- topic: saturday instead --")), h.dump());
    }

    @Test
    void ourMessagesCountTheMembersThatHaveThemUntilAllDo() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol", "dave").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        h.enter("/room create lunch");
        assertEquals("#lunch · 1 member, 1 online · owner you · v1", pane(h, 1));
        for (String peer : List.of("bob", "carol", "dave")) {
            h.enter("/invite #lunch " + peer);
        }
        rig.drain();
        for (String peer : List.of("bob", "carol", "dave")) {
            rig.engine(peer).join("#lunch");
        }
        rig.drain();
        h.settle();
        assertEquals("#lunch · 4 members, 4 online · owner you · v4", pane(h, 1));
        rig.down("alice", "dave");
        h.settle();

        h.enter("hello all");
        int row = h.rowOf("alice: hello all");
        assertTrue(h.trimmed(row).endsWith("alice: hello all ✓ 2/3"), "sent to the 2 online of 3: " + h.dump());
        rig.drain();
        h.settle();
        assertTrue(h.trimmed(row).endsWith("alice: hello all ✓ 2/3"), "bob and carol have it, dave not: " + h.dump());

        rig.up("alice", "dave"); // dave is back: his copy goes out
        h.settle();
        assertTrue(h.trimmed(row).endsWith("alice: hello all ✓ 3/3"), h.dump());
        rig.drain();
        h.settle();
        assertTrue(h.trimmed(row).endsWith("alice: hello all ✓✓ 3/3"), "delivered to every member: " + h.dump());
    }

    @Test
    void anInvitationToAnOfflinePeerIsHeldAndSaysSo() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        h.enter("/room create lunch");
        rig.down("alice", "bob");
        h.settle();
        h.enter("/invite #lunch bob");
        assertTrue(h.dump().contains("invited bob to #lunch; will be delivered when bob is online"), h.dump());
        rig.drain();
        assertTrue(rig.engine("bob").invitations().isEmpty());
        rig.up("alice", "bob");
        rig.drain();
        assertEquals(1, rig.engine("bob").invitations().size(), "delivered when bob's session came up");
    }

    @Test
    void kickingAPeerInvitedButNotJoinedSaysTheInvitationWasWithdrawn() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        h.enter("/room create lunch");
        rig.down("alice", "bob");
        h.settle();
        h.enter("/invite #lunch bob");
        h.enter("/kick #lunch bob");
        assertTrue(h.dump().contains("withdrew the invitation of bob to #lunch"), h.dump());
        assertFalse(h.dump().contains("removed bob"), h.dump());
        rig.up("alice", "bob");
        rig.drain();
        assertTrue(rig.engine("bob").invitations().isEmpty(), "a withdrawn invitation is not sent");
    }

    @Test
    void aJoinWhileTheOwnerIsOfflineSaysItWillJoinAndDoesWhenTheOwnerIsOnline() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        RoomsEngine bob = rig.engine("bob");
        String id = bob.create("lunch", "").id();
        bob.invite(id, rig.alice().fp, "");
        rig.drain();
        h.settle();
        rig.down("alice", "bob");
        h.settle();
        h.enter("/join #lunch");
        assertTrue(h.dump().contains("bob is offline: will join #lunch when bob is online"), h.dump());
        h.enter("/rooms");
        assertTrue(h.dump().contains("0 rooms, 0 invitations, 1 joining:"), h.dump());
        assertTrue(h.dump().contains("? #lunch joining when bob is online"), "the held /join is listed: " + h.dump());
        rig.drain();
        assertEquals(1, bob.room(id).members().size());
        rig.up("alice", "bob");
        rig.drain();
        h.settle();
        assertEquals(2, bob.room(id).members().size(), "joined when bob's session came up");
        assertTrue(rig.alice().engine.joining().isEmpty(), "no longer waiting once added");
        assertTrue(list(h, 2).get(1).startsWith(" # lunch 2/2"), h.dump());
    }

    @Test
    void aMissingMessageIsNamedBeforeTheMessageThatSawItAndMarkedLateWhenItComes() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        bobsRoom(rig, h, "", "carol");
        h.alt('1');
        rig.hold("carol", "alice"); // carol's copy to alice is slow
        rig.engine("carol").send("#lunch", "first from carol");
        rig.drain(); // bob has it
        rig.engine("bob").send("#lunch", "bob answers carol");
        rig.drain();
        h.settle();
        List<String> rows = paneRows(h);
        int bob = IntStream.range(0, rows.size()).filter(i -> rows.get(i).endsWith("bob: bob answers carol"))
                .findFirst().orElseThrow(() -> new AssertionError(h.dump()));
        assertEquals("── 1 message from carol missing (bob had seen it) ──", rows.get(bob - 1));

        rig.release("carol", "alice");
        rig.drain();
        h.settle();
        assertTrue(paneRows(h).stream().anyMatch(r -> r.endsWith("carol: first from carol (late · written 09:05)")),
                h.dump());
        assertEquals(1, paneRows(h).stream().filter(r -> r.contains("missing")).count(), "the gap line stays, once");
    }

    @Test
    void messagesAnAuthorNeverSentUsAreNamedAsNeverArriving() {
        dev.parley.rooms.RoomMessage m = new dev.parley.rooms.RoomMessage("ab", "01", "SHA256:bob", "bob", "hi",
                Harness.NOW, false, false, List.of(new dev.parley.rooms.RoomMessage.Missing("SHA256:bob", "bob", 2),
                        new dev.parley.rooms.RoomMessage.Missing("SHA256:carol", "carol", 1)), 0, 0, 0);
        assertEquals(List.of("2 messages from bob missing: they never arrived",
                "1 message from carol missing (bob had seen it)"), RoomFormat.missing(m));
    }

    @Test
    void anInvitationFromANewKeySaysHowToAnswerAndThatItIsNeverTakenForYou() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob");
        rig.up("alice", "bob", Trust.NEW);
        Harness h = ui(rig, Trust.NEW, 200, 24);
        RoomsEngine bob = rig.engine("bob");
        bob.invite(bob.create("lunch", "").id(), rig.alice().fp, "");
        rig.drain();
        h.settle();
        String screen = h.dump();
        assertTrue(screen.contains("-- bob invites you to #lunch · /join #lunch or /decline #lunch --"), screen);
        assertTrue(screen.contains("!! bob's key is new here: an invitation from a new or changed key is never accepted"
                + " automatically; /verify bob before you /join"), screen);
        assertEquals(List.of(" Rooms", " ? lunch invited", " Peers", " ● bob *"), list(h, 4));
        assertTrue(rig.alice().engine.rooms().isEmpty(), "nothing joined for alice");

        h.key(KeyType.ArrowUp); // from bob to the invitation
        h.key(KeyType.Enter); // the status view, and how to answer on the rule
        assertTrue(h.dump().contains("bob's key is new · /join #lunch or /decline #lunch"), h.dump());
        h.enter("/decline #lunch");
        assertEquals(List.of(" ● bob *"), list(h, 1), "declined: no rooms, no section");
        assertTrue(rig.alice().engine.invitations().isEmpty());
    }

    @Test
    void theListHoldsNoMoreInvitationsThanTheEngineKeeps() throws Exception {
        String[] nicks = new String[RoomsEngine.MAX_INVITES + 3];
        nicks[0] = "alice";
        for (int i = 1; i < nicks.length; i++) {
            nicks[i] = "p" + i;
        }
        RoomsRig rig = new RoomsRig(nicks);
        for (int i = 1; i < nicks.length; i++) {
            rig.up("alice", nicks[i]);
        }
        Harness h = ui(rig, Trust.KNOWN, 80, 60);
        for (int i = 1; i < nicks.length; i++) {
            RoomsEngine owner = rig.engine(nicks[i]);
            owner.invite(owner.create("r" + i, "").id(), rig.alice().fp, "");
        }
        rig.drain();
        h.settle();
        long shown = IntStream.range(1, h.rows() - 4).filter(r -> h.row(r).startsWith(" ? r")).count();
        assertEquals(RoomsEngine.MAX_INVITES, shown, h.dump());
        h.enter("/decline #r1");
        shown = IntStream.range(1, h.rows() - 4).filter(r -> h.row(r).startsWith(" ? r")).count();
        assertEquals(RoomsEngine.MAX_INVITES - 1, shown, "answered: its row goes");
    }

    @Test
    void msgToARoomFromTheStatusViewOpensIt() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        bobsRoom(rig, h, "");
        h.key(KeyType.Escape);
        h.key(KeyType.Escape); // the status view
        h.enter("/msg #lunch from the status view");
        assertTrue(pane(h, 1).startsWith("#lunch · 2 members"), h.dump());
        assertTrue(h.dump().contains("alice: from the status view ✓ 1/1"), h.dump());
    }

    @Test
    void membersAndRoomsListWhoIsInWhat() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob", "carol").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 120, 30);
        bobsRoom(rig, h, "plans", "carol");
        rig.down("alice", "carol");
        h.settle();
        h.enter("/members #lunch");
        String screen = h.dump();
        assertTrue(screen.contains("-- #lunch · 3 members, 2 online · owner bob · v3 --"), screen);
        assertTrue(screen.contains("● bob (owner) online, known"), screen);
        assertTrue(screen.contains("● alice you"), screen);
        assertTrue(screen.contains("○ carol offline, known"), screen);
        h.enter("/rooms");
        assertTrue(h.dump().contains("#lunch · 3 members, 2 online · owner bob · v3 · plans"), h.dump());
    }

    @Test
    void removedFromTheOpenRoomItSaysSoAndSendsNothingMore() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        bobsRoom(rig, h, "");
        h.alt('1');
        rig.engine("bob").kick("#lunch", rig.alice().fp);
        rig.drain();
        h.settle();
        assertEquals("#lunch · you were removed by its owner", pane(h, 1));
        assertTrue(h.dump().contains("!! #lunch: you were removed by its owner"), h.dump());
        h.enter("/send /tmp/notes.txt");
        assertTrue(h.dump().contains("! files go to one peer, not to a room: /send PEER PATH..."), h.dump());
        h.enter("still here?");
        assertTrue(h.dump().contains("! you are no longer in this room; nothing was sent"), h.dump());
        h.key(KeyType.Escape);
        h.key(KeyType.Escape); // closed: the row goes
        assertEquals(List.of(" ● bob"), list(h, 1));
    }

    @Test
    void theHelpListsTheRoomCommandsAndMarks() {
        List<String> help = HelpText.lines(true);
        for (String line : RoomCommand.HELP) {
            assertTrue(help.contains("  " + line), line);
        }
        assertTrue(help.stream().anyMatch(l -> l.contains("✓ 2/3") && l.contains("✓✓ 3/3")));
        assertFalse(HelpText.lines(false).stream().anyMatch(l -> l.contains("/room create")), "no rooms, no room help");
        RoomsRig rig = new RoomsRig("alice");
        Harness h = ui(rig, Trust.KNOWN, 120, 80);
        h.key(KeyType.F1);
        assertTrue(h.dump().contains("/room create NAME [TOPIC]"), h.dump());
    }

    @Test
    void tabCompletesRoomNamesAndRoomCommands() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = ui(rig, Trust.KNOWN, 100, 24);
        bobsRoom(rig, h, "");
        h.type("/memb");
        h.key(KeyType.Tab);
        h.type("#lu");
        h.key(KeyType.Tab);
        assertEquals("/members #lunch ", h.ui.inputText());
    }
}
