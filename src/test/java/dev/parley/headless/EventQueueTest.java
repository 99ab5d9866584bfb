package dev.parley.headless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.MessageStatus;
import dev.parley.chat.PeerInfo;
import dev.parley.chat.PeerState;
import dev.parley.chat.Warning;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The queue's rules, one thread: what waits, in which order, and how much at most. */
class EventQueueTest {
    private final EventQueue queue = new EventQueue();
    private final PeerInfo bob = FakeChat.peer("bob", "SHA256:bob");

    private void ready() {
        assertTrue(queue.ready(Event.ready("alice", "SHA256:alice", 7447, List.of())));
    }

    /** Takes what waits and returns the lines, ready excluded. */
    private List<String> take() {
        List<Event> batch = queue.poll();
        return batch == null ? List.of() : batch.stream().map(e -> e.json().get())
                .filter(l -> !l.startsWith("{\"event\":\"ready\"")).toList();
    }

    private static JsonObject json(String line) {
        return JsonParser.parseString(line).getAsJsonObject();
    }

    private static String field(String line, String name) {
        return json(line).get(name).getAsString();
    }

    private static Event state(PeerInfo p, PeerState s) {
        return Event.peer(FakeChat.withState(p, s, false));
    }

    private static Event status(String id, MessageStatus s) {
        return Event.status(new ChatMessage(id, "SHA256:bob", true, "alice", "hi", java.time.Instant.EPOCH, s));
    }

    private static Event warning(int n) {
        return Event.warning(new Warning("dial-failed", null, "no answer " + n, Map.of("address", "10.0.0." + n)));
    }

    @Test
    void nothingIsTakenBeforeReadyWhichComesFirst() {
        queue.offer(Event.message(FakeChat.received("SHA256:bob", "bob", 1)));
        assertNull(queue.poll(), "held until ready");
        ready();
        List<Event> batch = queue.poll();
        assertEquals(List.of("ready", "message"), batch.stream().map(e -> field(e.json().get(), "event")).toList());
        assertFalse(queue.ready(Event.ready("alice", "SHA256:alice", 1, List.of())), "ready comes once");
        assertNull(queue.poll());
    }

    @Test
    void aPeersFirstWaitingEventStaysAndLaterOnesShareOneSlot() {
        ready();
        queue.offer(state(bob, PeerState.CONNECTING));
        queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 1)));
        queue.offer(state(bob, PeerState.ONLINE));
        queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 2)));
        queue.offer(state(bob, PeerState.OFFLINE));
        queue.offer(state(bob, PeerState.ONLINE));
        assertEquals(4, queue.waiting());
        List<String> lines = take();
        assertEquals(List.of("peer connecting", "message", "peer online", "message"), lines.stream()
                .map(l -> field(l, "event") + (l.contains("\"state\"") ? " " + field(l, "state") : "")).toList());
        queue.offer(state(bob, PeerState.OFFLINE));
        assertEquals("offline", field(take().get(0), "state"), "once taken, a new event waits on its own");
    }

    @Test
    void aStatusKeepsItsFirstAndItsNewest() {
        ready();
        String id = "00112233445566778899aabbccddeeff";
        queue.offer(status(id, MessageStatus.QUEUED));
        for (int i = 0; i < 1_000; i++) {
            queue.offer(status(id, MessageStatus.SENT)); // a peer reconnecting again and again
            queue.offer(status(id, MessageStatus.QUEUED));
        }
        queue.offer(status(id, MessageStatus.DELIVERED));
        assertEquals(2, queue.waiting());
        assertEquals(List.of("queued", "delivered"), take().stream().map(l -> field(l, "status")).toList());
    }

    @Test
    void typingKeepsOnlyTheNewestInItsOwnTurn() {
        ready();
        queue.offer(Event.typing(bob.fingerprint(), true));
        queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 1)));
        for (int i = 0; i < 100_000; i++) {
            queue.offer(Event.typing(bob.fingerprint(), i % 2 == 0));
        }
        assertEquals(2, queue.waiting());
        List<String> lines = take();
        assertEquals("message", field(lines.get(0), "event"));
        assertEquals("typing", field(lines.get(1), "event"));
        assertFalse(json(lines.get(1)).get("active").getAsBoolean(), "the newest");
    }

    @Test
    void aPeerThatComesAndGoesUnseenLeavesNothingWhileOneSeenIsReportedGone() {
        ready();
        for (int i = 0; i < 100_000; i++) { // a flood of announcements that come and go
            PeerInfo fake = FakeChat.peer("fake", "SHA256:fake" + i);
            queue.offer(state(fake, PeerState.DISCOVERED));
            queue.offer(state(fake, PeerState.LOST));
            queue.offer(Event.peerRemoved(fake.fingerprint()));
        }
        queue.offer(Event.peerRemoved("SHA256:never-seen"));
        assertEquals(0, queue.waiting());

        queue.offer(state(bob, PeerState.DISCOVERED));
        assertEquals(1, take().size());
        queue.offer(state(bob, PeerState.LOST));
        queue.offer(Event.peerRemoved(bob.fingerprint()));
        assertEquals(List.of("peer", "peer-removed"), take().stream().map(l -> field(l, "event")).toList());
        queue.offer(state(bob, PeerState.DISCOVERED)); // announced again: no longer known to the consumer
        queue.offer(Event.peerRemoved(bob.fingerprint()));
        assertEquals(0, queue.waiting());
    }

    @Test
    void peersBeyondTheLimitAreDroppedAndCountedWhereTheFirstWasDropped() {
        ready();
        for (int i = 0; i < EventQueue.MAX_WAITING_PEERS + 500; i++) {
            queue.offer(state(FakeChat.peer("p" + i, "SHA256:p" + i), PeerState.DISCOVERED));
        }
        queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 1)));
        for (int i = 0; i < 500; i++) {
            queue.offer(Event.typing("SHA256:t" + i, true)); // typing has its own limit: all kept
        }
        assertEquals(EventQueue.MAX_WAITING_PEERS + 1 + 1 + 500, queue.waiting());
        List<String> lines = take();
        JsonObject report = json(lines.get(EventQueue.MAX_WAITING_PEERS));
        assertEquals("events-dropped", report.get("code").getAsString());
        assertEquals(500, report.get("count").getAsInt());
        assertEquals("message", field(lines.get(EventQueue.MAX_WAITING_PEERS + 1), "event"));
        assertEquals(0, take().size());
    }

    @Test
    void warningsBeyondTheLimitAreDroppedAndCounted() {
        ready();
        for (int i = 0; i < 5_000; i++) {
            queue.offer(warning(i));
        }
        assertEquals(EventQueue.MAX_WAITING_WARNINGS + 1, queue.waiting());
        List<String> lines = take();
        for (int i = 0; i < EventQueue.MAX_WAITING_WARNINGS; i++) {
            assertEquals("no answer " + i, field(lines.get(i), "message"), "the first ones, in order");
        }
        JsonObject report = json(lines.get(EventQueue.MAX_WAITING_WARNINGS));
        assertEquals("warning", report.get("event").getAsString());
        assertEquals("events-dropped", report.get("code").getAsString());
        assertEquals(4_000, report.get("count").getAsInt());
        assertTrue(report.get("peer").isJsonNull());

        queue.offer(warning(1));
        assertEquals(List.of("dial-failed"), take().stream().map(l -> field(l, "code")).toList(), "counted afresh");
    }

    @Test
    void messagesAndAnswersAreNeverDroppedNorMerged() {
        ready();
        for (int i = 0; i < 20_000; i++) {
            queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", i)));
            queue.offer(Event.error("bad-command", "no " + i));
        }
        List<String> lines = take();
        assertEquals(40_000, lines.size());
        for (int i = 0; i < 20_000; i++) {
            assertEquals(String.format("%032x", i), field(lines.get(2 * i), "id"));
            assertEquals("no " + i, field(lines.get(2 * i + 1), "message"));
        }
    }

    @Test
    void aClosedQueueRefusesButGivesWhatWaitsAndADiscardedOneForgetsIt() throws Exception {
        ready();
        queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 1)));
        queue.close();
        assertFalse(queue.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 2))));
        assertEquals(2, queue.take().size(), "ready and the message");
        assertNull(queue.take(), "closed and empty");
        assertTrue(queue.awaitWritten(0));

        EventQueue broken = new EventQueue();
        broken.ready(Event.ready("alice", "SHA256:alice", 7447, List.of()));
        broken.offer(Event.message(FakeChat.received(bob.fingerprint(), "bob", 1)));
        broken.discard();
        assertEquals(0, broken.waiting());
        assertFalse(broken.offer(warning(1)));
        assertNull(broken.take());
        assertTrue(broken.awaitWritten(0));
    }
}
