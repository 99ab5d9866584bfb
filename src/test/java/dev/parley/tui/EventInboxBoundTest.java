package dev.parley.tui;

import dev.parley.chat.ChatMessage;
import dev.parley.chat.PeerState;
import dev.parley.chat.TransferInfo;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The full-screen UI's event queue is bounded: while the UI thread takes nothing (blocked writing to a
 * terminal nobody reads), a newer state replaces a waiting one, and beyond {@link EventInbox#MAX_QUEUED}
 * events are dropped; the UI then rebuilds from the engines' snapshots, so it loses no message and shows
 * the latest state.
 */
class EventInboxBoundTest {
    private static final int PEERS = 8;
    private static final int MESSAGES_EACH = 1_500; // 12,000 messages: more than the queue holds

    @Test
    void aBlockedUiHoldsAtMostTheCapAndAfterwardsShowsEveryMessageAndTheLatestState() {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        List<String> peers = new ArrayList<>();
        for (int p = 0; p < PEERS; p++) {
            peers.add(chat.addPeer(FakeChat.peer("PEER" + p + "fp", "peer" + p, PeerState.ONLINE, Trust.KNOWN))
                    .fingerprint());
        }
        String gone = chat.addPeer(FakeChat.peer("GONEfp12", "gone", PeerState.ONLINE, Trust.KNOWN)).fingerprint();
        Harness h = new Harness(100, 30, chat, true).start();
        h.settle();
        assertTrue(h.ui.listsPeer(gone));

        // The UI thread is "blocked": nothing is taken while 100,000 events come.
        FakeChat.FakeTransfers t = chat.transfers;
        List<ChatMessage> received = new ArrayList<>();
        TransferInfo[] latest = new TransferInfo[3];
        int events = 0;
        for (int i = 0; events < 100_000; i++) {
            if (received.size() < PEERS * MESSAGES_EACH && i % 3 == 0) {
                received.add(chat.receive(peers.get(received.size() % PEERS), "message " + received.size()));
                events++;
            }
            int n = i % latest.length;
            latest[n] = t.info(n + 1, peers.get(n), true, "active", "f" + n + ".bin", 1_000_000_000L, i, 10, 5L,
                    null, null);
            t.change(latest[n]); // a transfer's progress
            chat.typingEvent(peers.get(i % PEERS), i % 2 == 0);
            events += 2;
            if (i == 20_000) {
                chat.removePeer(gone); // its event comes while the queue is full
                events++;
            }
            assertTrue(h.ui.pendingEvents() <= EventInbox.MAX_QUEUED + 1,
                    "events waiting: " + h.ui.pendingEvents() + " after " + events);
        }
        assertEquals(PEERS * MESSAGES_EACH, received.size());

        h.settle(); // unblocked

        assertEquals(0, h.ui.pendingEvents());
        for (ChatMessage m : received) {
            assertTrue(h.ui.holds(m), "lost: " + m.text());
        }
        for (int n = 0; n < latest.length; n++) {
            String line = h.ui.transferLine(peers.get(n), latest[n].id());
            assertNotNull(line, "transfer " + (n + 1));
            assertEquals(TransferFormat.line(latest[n]), line, "the latest progress of transfer " + (n + 1));
        }
        assertFalse(h.ui.listsPeer(gone), "a peer the engine forgot while its event was dropped");
        assertTrue(chat.handedOver.containsAll(received), "every message handed over, so none stalls its sender");
    }

    @Test
    void newerStatesReplaceWaitingOnesSoProgressAloneNeverFillsTheQueue() {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        String bob = chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN)).fingerprint();
        Harness h = new Harness(100, 30, chat, true).start();
        h.settle();
        FakeChat.FakeTransfers t = chat.transfers;
        ChatMessage first = chat.receive(bob, "first");
        TransferInfo last = null;
        for (int i = 0; i < 100_000; i++) {
            last = t.info(1 + i % 4, bob, true, "active", "f.bin", 1_000_000_000L, i, 10, 5L, null, null);
            t.change(last);
            chat.typingEvent(bob, i % 2 == 0);
        }
        ChatMessage second = chat.receive(bob, "second");
        assertEquals(1 + 4 + 1 + 1, h.ui.pendingEvents(), "a message, four transfers, typing, a message");
        h.settle();
        assertTrue(h.ui.holds(first) && h.ui.holds(second));
        assertEquals(TransferFormat.line(last), h.ui.transferLine(bob, last.id()));
        assertFalse(h.dump().contains("fell behind"), "nothing dropped, no resync: " + h.dump());
    }

    @Test
    void roomMessagesDroppedFromAFullQueueComeFromTheSnapshotAndAreHandedOver() throws Exception {
        RoomsRig rig = new RoomsRig("alice", "bob").connectAll();
        Harness h = new Harness(100, 30, rig.chat(Trust.KNOWN), rig.alice().engine).start();
        dev.parley.rooms.RoomsEngine bob = rig.engine("bob");
        String id = bob.create("lunch", "").id();
        bob.invite(id, rig.alice().fp, "");
        rig.drain();
        h.settle();
        h.enter("/join #lunch");
        rig.drain();
        h.settle();

        for (int i = 0; i <= EventInbox.MAX_QUEUED; i++) { // the queue is full, the UI thread blocked
            h.chat.warn(new dev.parley.chat.Warning("clock-skew", null, "warning " + i, java.util.Map.of()));
        }
        bob.send("#lunch", "one");
        bob.send("#lunch", "two");
        rig.drain();
        assertTrue(h.ui.pendingEvents() <= EventInbox.MAX_QUEUED + 1, "waiting: " + h.ui.pendingEvents());
        assertEquals(2, bob.undelivered().size(), "not on alice's screen yet");

        h.settle();
        rig.drain();
        assertTrue(bob.undelivered().isEmpty(), "handed over after the resync, so acknowledged");
        h.alt('1'); // the list's first entry: the room
        String screen = h.dump();
        assertTrue(screen.contains("bob: one") && screen.contains("bob: two"), screen);
    }
}
