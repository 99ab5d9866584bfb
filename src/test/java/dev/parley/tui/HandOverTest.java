package dev.parley.tui;

import com.googlecode.lanterna.input.KeyType;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerState;
import dev.parley.chat.Trust;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A received message is handed over to the engine (which then acknowledges it to its sender) once it is on
 * the screen model: each exactly once, in order, one call per batch of events, also those the UI took from
 * the engine's snapshot at start, dropped from memory, or failed to apply.
 */
class HandOverTest {
    private static final String BOB = FakeChat.fp("BOBfp123");
    private static final String CARL = FakeChat.fp("CARLfp12");
    private static final String DAVE = FakeChat.fp("DAVEfp12");

    private static Harness withTwoPeers() {
        Harness h = new Harness(80, 24);
        h.chat.addPeer(FakeChat.peer("BOBfp123", "bob", PeerState.ONLINE, Trust.KNOWN));
        h.chat.addPeer(FakeChat.peer("CARLfp12", "carl", PeerState.ONLINE, Trust.KNOWN));
        return h;
    }

    @Test
    void attachingAsksTheEngineToAcknowledgeOnlyWhatTheUiTook() {
        FakeChat chat = new FakeChat("alice", Harness.ALICE_FP);
        FullScreenUi.attach(chat);
        assertEquals(List.of("acknowledgeWhenHandedOver", "addListener"), chat.calls);

        Harness h = new Harness(80, 24);
        assertEquals(List.of("acknowledgeWhenHandedOver", "addListener"), h.chat.calls, "the constructor attaches");
    }

    @Test
    void eachReceivedMessageIsHandedOverOnceInOrderAndOnlyOnceItIsOnTheModel() throws IOException {
        Harness h = withTwoPeers().start();
        ChatMessage ours = h.chat.history(BOB, true, "ours", Harness.NOW);
        List<ChatMessage> received = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            received.add(h.chat.receive(i % 2 == 0 ? BOB : CARL, "m" + i));
            if (i % 100 == 0) {
                h.chat.typingEvent(BOB, true);
                h.chat.status(ours, MessageStatus.DELIVERED);
            }
        }
        h.chat.onHandedOver = ms -> ms.forEach(m -> assertTrue(h.ui.holds(m), "handed over before it was applied"));
        assertEquals(List.of(), h.chat.handedOver, "nothing is handed over before the UI applied it");

        h.ui.step();
        // Typing and the status wait once each, at their first place: a newer one replaces the waiting one.
        int firstBatch = FullScreenUi.EVENT_BATCH - 2;
        assertTrue(received.subList(0, firstBatch).equals(h.chat.handedOver), "one batch applied, one call");
        assertEquals(1, h.chat.handOvers.size());

        h.settle();
        assertTrue(received.equals(h.chat.handedOver), "all of them, in order, once");
        int events = received.size() + 2;
        assertEquals((events + FullScreenUi.EVENT_BATCH - 1) / FullScreenUi.EVENT_BATCH, h.chat.handOvers.size(),
                "one call per batch");
    }

    @Test
    void messagesFromBeforeTheStartAreHandedOverWithTheSnapshotAndNotAgainWhenTheirEventComes() {
        Harness h = withTwoPeers();
        ChatMessage queued = h.chat.receive(BOB, "its event was queued before the start");
        h.chat.history(BOB, true, "ours: nothing to hand over", Harness.NOW);
        ChatMessage late = h.chat.history(BOB, false, "its event is still on the way", Harness.NOW);
        h.start();
        assertEquals(List.of(queued, late), h.chat.handedOver, "handed over with the snapshot, in its order");
        assertEquals(1, h.chat.handOvers.size());

        h.chat.announce(late);
        ChatMessage after = h.chat.receive(BOB, "after the start");
        h.settle();
        assertEquals(List.of(queued, late, after), h.chat.handedOver);
        h.key(KeyType.Enter);
        assertEquals(1, h.screenText().stream().filter(r -> r.contains("its event is still on the way")).count(),
                h.dump());
    }

    @Test
    void messagesDroppedFromMemoryOrThatFailedToApplyCountAsHandedOverAllTheSame() {
        Harness h = withTwoPeers().start();
        for (int i = 0; i < 3_000; i++) {
            h.chat.receive(CARL, "flood " + i);
        }
        h.settle();
        assertEquals(3_000, h.chat.handedOver.size());
        assertEquals(3_000, new HashSet<>(h.chat.handedOver).size());

        h.chat.failPeerLookups = true; // applying a message from a peer the UI has not heard of now fails
        ChatMessage stranger = h.chat.receive(DAVE, "from a peer the directory does not know yet");
        h.settle();
        assertEquals(stranger, h.chat.handedOver.get(h.chat.handedOver.size() - 1));
        assertEquals(3_001, h.chat.handedOver.size());
    }
}
